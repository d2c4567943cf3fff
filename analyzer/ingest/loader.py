"""Loading a transcript from bytes or a path: size limit, .docx, decoding, then parse_text."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
from pathlib import Path
from typing import Any, BinaryIO

from analyzer.core.errors import InputError
from analyzer.core.models import Transcript
from analyzer.settings import get_settings

from .decoding import decode
from .detect import parse_text
from .eml import eml_text, is_eml
from .wordfile import docx_text, is_docx_zip

_ZIP_MAGIC = b"PK\x03\x04"
_MIB = 1024 * 1024
EMPTY_FIX = "check that you picked the right file and that the export contains the transcript text"


def _human(size: float) -> str:
    return f"{size / _MIB:.1f} MB" if size >= _MIB / 10 else f"{size / 1024:.1f} KB"


def _check_size(size: int, limit: int, subject: str) -> None:
    if size > limit:
        raise InputError(
            f"{subject} is {_human(size)}, over the {_human(limit)} input limit",
            "split the transcript into smaller files, or raise the limit with the ANALYZER_MAX_INPUT_MB "
            "environment variable (in megabytes)",
        )


def read_bounded(stream: BinaryIO, subject: str, limit: int | None = None) -> bytes:
    """At most the input limit plus one byte from a stream: a larger input is refused, never read whole."""
    cap = _limit(limit)
    data = stream.read(cap + 1)
    if len(data) > cap:
        raise InputError(
            f"{subject} is over the {_human(cap)} input limit",
            "split the transcript into smaller files, or raise the limit with the ANALYZER_MAX_INPUT_MB "
            "environment variable (in megabytes)",
        )
    return data


def _limit(max_bytes: int | None) -> int:
    return max_bytes if max_bytes is not None else get_settings().max_input_bytes


def load_bytes(
    data: bytes, filename: str | None = None, max_bytes: int | None = None, format: str | None = None
) -> Transcript:
    """Parse an uploaded or read file. `max_bytes` defaults to ANALYZER_MAX_INPUT_MB; `format` skips detection."""
    subject = filename or "the file"
    _check_size(len(data), _limit(max_bytes), subject)
    is_docx_name = filename is not None and filename.lower().endswith(".docx")
    # A ".docx" that is really text is parsed as text; a Word file with another name still works.
    if data.startswith(_ZIP_MAGIC) and (is_docx_name or is_docx_zip(data)):
        text, encoding, fmt = docx_text(data, filename, _limit(max_bytes)), "utf-8", "docx"
    elif format is None and is_eml(data, filename):
        text, encoding, fmt = _eml(data, subject), "utf-8", "eml"
    else:
        text, encoding = decode(data, filename)
        fmt = None
    if not text.strip():
        raise InputError(f"{subject} is empty (it has no text, only whitespace or nothing)", EMPTY_FIX)
    labeled = labeled_meeting_data(text) if fmt is None and format is None else None
    if labeled is not None:
        return _from_labeled(labeled, encoding)
    chosen = {"docx": None, "eml": "email"}.get(fmt or "", format)
    transcript = parse_text(text, format=chosen, encoding=encoding)
    if fmt == "docx":
        transcript.format = "docx"
    return transcript


def _eml(data: bytes, subject: str) -> str:
    try:
        return eml_text(data)
    except (LookupError, ValueError, TypeError) as error:  # unknown charsets, broken MIME parts
        raise InputError(
            f"{subject} is a saved e-mail that cannot be read ({error})",
            "open it in your mail program and paste the thread as text, or save it as .txt",
        ) from None


def load_text(text: str, format: str | None = None) -> Transcript:
    """Pasted text; a pasted labeled-meeting file is read as the meeting inside it, as an upload is."""
    labeled = labeled_meeting_data(text) if format is None else None
    return _from_labeled(labeled, "utf-8") if labeled is not None else parse_text(text, format=format)


def labeled_meeting_data(text: str) -> dict[str, Any] | None:
    """A labeled-meeting file (eval data, or the app's own "Labeled meeting" export), else None."""
    if not text.lstrip().startswith("{") or '"labels"' not in text:
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if (
        isinstance(data, dict)
        and isinstance(data.get("transcript"), str)
        and isinstance(data.get("labels"), list)
    ):
        return data
    return None


def _from_labeled(data: dict[str, Any], encoding: str) -> Transcript:
    """The meeting inside a labeled file: its transcript parsed as pasted, its title and date as hints."""
    inner: str = data["transcript"]
    if not inner.strip():
        raise InputError("the labeled meeting's transcript is empty", EMPTY_FIX)
    transcript = parse_text(inner, encoding=encoding)
    if isinstance(data.get("title"), str) and data["title"].strip():
        transcript.detected_title = " ".join(data["title"].split())
    try:
        transcript.detected_date = dt.date.fromisoformat(str(data.get("date")))
    except ValueError:
        pass
    return transcript


def load_path(path: str | os.PathLike[str], format: str | None = None) -> Transcript:
    """Read and parse a transcript file. ("-" for stdin is the caller's job.)"""
    file = Path(path).expanduser()
    if not file.exists():
        raise InputError(f"no such file: {file}", "check the path and the file name")
    if file.is_dir():
        raise InputError(f"{file} is a folder, not a file", "give the path of a transcript file inside it")
    try:
        info = file.stat()
        if not stat.S_ISREG(info.st_mode):
            # A FIFO blocks forever and a device (/dev/zero) never ends: only regular files are read.
            raise InputError(
                f"{file} is not a regular file (a pipe, socket or device)",
                "save the transcript to a file first, or pipe it in with '-' for standard input",
            )
        _check_size(info.st_size, _limit(None), file.name)  # before reading a huge file
        with open(file, "rb") as handle:
            data = read_bounded(handle, file.name)  # the file may have grown since the stat
    except PermissionError as exc:
        raise InputError(
            f"{file} cannot be read (permission denied)", "check the file's permissions"
        ) from exc
    except OSError as exc:
        raise InputError(
            f"{file} cannot be read ({exc.strerror or exc})", "check the file and try again"
        ) from exc
    return load_bytes(data, file.name, format=format)
