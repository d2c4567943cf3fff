"""The built wheel works on its own: installed outside the checkout, it analyses, searches, evaluates
and serves the app (issue: the wheel had neither the prompts nor the app)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def test_every_package_of_the_tree_is_listed_for_the_wheel():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for top in ("analyzer", "ui")
        for p in (ROOT / top).rglob("__init__.py")
    }
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"


def test_every_data_file_of_a_package_is_covered_by_package_data():
    globs = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    missing = []
    for path in (ROOT / "analyzer").rglob("data/*"):
        package = ".".join(path.parent.parent.relative_to(ROOT).parts)
        rel = path.relative_to(path.parent.parent).as_posix()
        if not any(Path(rel).match(g) for g in globs.get(package, [])):
            missing.append(rel if package == "analyzer" else f"{package}: {rel}")
    assert not missing, f"add to [tool.setuptools.package-data]: {missing}"


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The wheel, built from this checkout and unpacked into a directory of its own."""
    build = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(build),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next(build.glob("*.whl"))
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    return target


def _env(target: Path, home: Path) -> dict[str, str]:
    # The wheel comes first on the path, so the checkout's editable install cannot answer for it.
    return {**os.environ, "PYTHONPATH": str(target), "ANALYZER_HOME": str(home), "HF_HUB_OFFLINE": "1"}


def _cli(target: Path, home: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "analyzer", *args],
        cwd=cwd,
        env=_env(target, home),
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_installed_wheel_analyses_searches_and_evaluates_outside_the_checkout(installed, tmp_path):
    home, work = tmp_path / "home", tmp_path / "work"
    work.mkdir()
    where = subprocess.run(
        [sys.executable, "-c", "import analyzer, ui; print(analyzer.__file__, ui.__file__)"],
        cwd=work,
        env=_env(installed, home),
        capture_output=True,
        text=True,
        check=True,
    )
    assert all(str(installed) in part for part in where.stdout.split()), where.stdout
    notes = work / "call.txt"
    notes.write_text(
        "Ana Ruiz: Thanks for joining.\nTom Li: Can you share the cost breakdown?\n"
        "Ana Ruiz: I'll send the revised forecast by Friday.\n",
        encoding="utf-8",
    )
    analysed = _cli(installed, home, work, "analyze", str(notes), "--date", "2026-03-02", "--json")
    assert analysed.returncode == 0, analysed.stderr
    report = json.loads(analysed.stdout)
    assert [f["kind"] for f in report["findings"]] == ["commitment"]
    assert report["stats"]["prompt_versions"], "the prompt files were read from the wheel"
    found = _cli(installed, home, work, "search", "revised forecast")
    assert found.returncode == 0 and "forecast" in found.stdout, found.stderr
    data = work / "data"
    data.mkdir()
    (data / "one.json").write_text(
        json.dumps(
            {
                "id": "one",
                "title": "Call",
                "date": "2026-03-02",
                "transcript": notes.read_text(encoding="utf-8"),
                "labels": [
                    {
                        "kind": "commitment",
                        "quote": "I'll send the revised forecast by Friday.",
                        "owner": "Ana Ruiz",
                        "due": "2026-03-06",
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    scored = _cli(installed, home, work, "eval", "--dataset", str(data), "--json", "--no-save")
    assert scored.returncode == 0, scored.stderr
    assert json.loads(scored.stdout)["per_kind"]["commitment"]["f1"] == 1.0


def test_the_installed_wheel_serves_the_app_on_this_machine_only(installed, tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    main = installed / "ui" / "main.py"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(main),
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=tmp_path,
        env=_env(installed, tmp_path / "home"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as answer:
                    assert answer.read() == b"ok"
                    break
            except OSError:
                assert server.poll() is None, server.stderr.read().decode() if server.stderr else ""
                assert time.monotonic() < deadline, "the app did not answer its health check"
                time.sleep(0.5)
    finally:
        server.terminate()
        server.wait(timeout=30)
