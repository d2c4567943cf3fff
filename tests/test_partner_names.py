"""A partner typed as people type it finds the stored name, in search, meetings and partner memory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from analyzer.partner_names import fold, resolve_partner

STORED = [
    "Łódź Freight Sp. z o.o.",
    "Kitamura Precision",
    "TransRota Logística",
    "Acme Tiles Ltd",
    "Acme Foods",
]


def test_accents_special_letters_case_and_legal_forms_fold_away():
    assert fold("Łódź Freight Sp. z o.o.") == fold("lodz freight") == ("lodz", "freight")
    assert fold("TransRota Logística S.A.") == ("transrota", "logistica")
    assert fold("Ltd") == ("ltd",)  # a name that is only a legal form keeps it


def test_a_name_resolves_only_when_exactly_one_stored_partner_fits():
    assert resolve_partner("Lodz Freight", STORED) == "Łódź Freight Sp. z o.o."
    assert resolve_partner("kitamura", STORED) == "Kitamura Precision"
    assert resolve_partner("acme tiles", STORED) == "Acme Tiles Ltd"
    assert resolve_partner("Acme", STORED) is None  # two partners fit: do not guess
    assert resolve_partner("Nobody GmbH", STORED) is None
    assert resolve_partner("   ", STORED) is None


def test_the_cli_finds_a_partner_stored_with_accents_and_a_legal_form(tmp_path):
    home, notes = tmp_path / "home", tmp_path / "call.txt"
    notes.write_text(
        "Ana Ruiz: Can you confirm the reefer surcharge?\n"
        "Piotr Nowak: We will send the surcharge table by Friday.\n",
        encoding="utf-8",
    )
    env = {**os.environ, "ANALYZER_HOME": str(home), "HF_HUB_OFFLINE": "1"}

    def cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "analyzer", *args], env=env, capture_output=True, text=True, timeout=300
        )

    stored = cli("analyze", str(notes), "--partner", "Łódź Freight Sp. z o.o.", "--date", "2026-03-10")
    assert stored.returncode == 0, stored.stderr
    hits = json.loads(cli("search", "surcharge", "--partner", "Lodz Freight", "--json").stdout)
    assert hits and all(h["partner"] == "Łódź Freight Sp. z o.o." for h in hits)
    listed = json.loads(cli("meetings", "--partner", "lodz freight", "--json").stdout)
    assert [m["partner"] for m in listed] == ["Łódź Freight Sp. z o.o."]
    unknown = cli("search", "surcharge", "--partner", "Gdansk Ports")
    assert unknown.returncode == 2 and "known partners: Łódź Freight Sp. z o.o." in unknown.stderr
    assert Path(home).exists()
