"""Ingest: turn a transcript file (txt, md, vtt, srt, json, docx) into a Transcript whose
utterances point at exact character spans of the decoded text.

    decode(data) -> (text, encoding)        bytes to verbatim text; binary refused
    parse_text(text, format=None)           text to Transcript; format auto-detected
    load_bytes(data, filename, max_bytes)   size check, .docx, decode, parse
    load_path(path)                         read a file, then load_bytes
    load_text(text, format=None)            pasted text (a pasted labeled-meeting file: the meeting inside)

Every error is an InputError saying what went wrong and what to do.
"""

from .decoding import decode
from .detect import FORMATS, detect_format, parse_text
from .loader import load_bytes, load_path, load_text

__all__ = ["FORMATS", "decode", "detect_format", "load_bytes", "load_path", "load_text", "parse_text"]
