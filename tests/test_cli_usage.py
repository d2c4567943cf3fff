"""Usage errors: one `error:` line with the fix and exit 2, in-process and through the installed script."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from analyzer.cli import main

SCRIPT = Path(sys.executable).parent / "analyzer"
CASES = {
    "missing argument": (["analyze"], "Missing argument 'path'"),
    "unknown option": (["meetings", "--colour"], "No such option: --colour"),
    "unknown command": (["analyse-everything"], "No such command 'analyse-everything'"),
    "not an integer": (["search", "x", "-k", "abc"], "Invalid value for '-k'"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_usage_error_is_one_line_with_the_fix_and_exit_2(case, capsys):
    args, problem = CASES[case]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and problem in err and "analyzer --help" in err
    assert len(err.strip().splitlines()) == 1 and "unexpected" not in err


@pytest.mark.parametrize("case", ["missing argument", "not an integer"])
def test_the_installed_script_reports_usage_errors_the_same_way(case):
    args, problem = CASES[case]
    done = subprocess.run([str(SCRIPT), *args], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.startswith("error: ") and problem in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize(
    "command", [["meetings"], ["analyze", "NOTES", "--no-store"]], ids=["meetings", "no-store"]
)
def test_a_data_directory_that_cannot_be_created_is_one_line_that_names_analyzer_home(command, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    notes = tmp_path / "call.txt"
    notes.write_text("Ana Ruiz: I will send the figures by Friday.\n", encoding="utf-8")
    env = {"ANALYZER_HOME": str(blocker / "home"), "HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin"}
    args = [str(notes) if a == "NOTES" else a for a in command]
    done = subprocess.run(
        [sys.executable, "-m", "analyzer", *args], capture_output=True, text=True, env=env, timeout=300
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("error: the data directory") and "ANALYZER_HOME" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
