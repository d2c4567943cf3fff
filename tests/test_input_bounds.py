"""Inputs that would hang or exhaust memory are refused early with one line: FIFOs, devices, zip bombs, bad XML."""

from __future__ import annotations

import io
import os
import resource
import subprocess
import sys
import time
import zipfile

import pytest

from analyzer.cli import main
from analyzer.core.errors import InputError
from analyzer.ingest import load_bytes, load_path

DOC_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>'
)
TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'wordprocessingml.document.main+xml"/></Types>'
)


def _docx(document_xml: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", TYPES)
        archive.writestr("_rels/.rels", DOC_RELS)
        archive.writestr("word/document.xml", document_xml)
    return buffer.getvalue()


def test_a_docx_that_expands_past_the_limit_is_refused_before_parsing_fast_and_small(monkeypatch):
    body = (
        b'<w:document xmlns:w="x"><w:body>' + b"<w:p/>" * (30 * 1024 * 1024 // 6) + b"</w:body></w:document>"
    )
    bomb = _docx(body)
    assert len(bomb) < 1024 * 1024, "the bomb itself is under 1 MB"
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    with pytest.raises(InputError) as info:
        load_bytes(bomb, "bomb.docx", max_bytes=20 * 1024 * 1024)
    assert time.monotonic() - started < 2.0
    assert (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) < 300 * 1024  # KiB: under 300 MB
    assert "expands to" in info.value.message and "input limit" in info.value.message


def test_malformed_and_entity_expanding_docx_xml_get_one_line(capsys, tmp_path):
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>'
    )
    for name, xml in {"broken.docx": b"<w:document><w:body><w:p>", "laughs.docx": laughs}.items():
        path = tmp_path / name
        path.write_bytes(_docx(xml))
        code = main(["analyze", str(path), "--no-store"])
        err = capsys.readouterr().err
        assert code == 2 and err.startswith("error: ") and "unexpected" not in err, (name, err)


def test_a_fifo_is_refused_instead_of_hanging(tmp_path, capsys):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(InputError) as info:
        load_path(fifo)
    assert "not a regular file" in info.value.message
    assert main(["analyze", str(fifo), "--no-store"]) == 2
    assert "not a regular file" in capsys.readouterr().err


def test_a_device_is_refused_and_endless_stdin_is_cut_at_the_limit():
    env = {**os.environ, "ANALYZER_MAX_INPUT_MB": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "analyzer", "analyze", "/dev/zero", "--no-store"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 2 and "not a regular file" in done.stderr
    with open("/dev/zero", "rb") as zero:
        done = subprocess.run(
            [sys.executable, "-m", "analyzer", "analyze", "-", "--no-store"],
            stdin=zero,
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
    assert done.returncode == 2 and "over the 1.0 MB input limit" in done.stderr
