"""Bytes to text: byte-order marks, BOM-less UTF-16/32, UTF-8, then legacy code pages.

The decoded text is kept verbatim (line endings included) because every offset downstream
indexes it. Known binary formats are refused by their magic bytes, anything else by the share
of control characters it decodes to; a few stray NUL or control bytes in real text are fine.
"""

from __future__ import annotations

import re

from analyzer.core.errors import InputError

EXPORT_FIX = "export the transcript as .txt, .vtt, .srt, .docx or .json and load that file"

# (magic bytes, offset, what the file is, what to do)
_MAGIC: tuple[tuple[bytes, int, str, str], ...] = (
    (b"%PDF", 0, "a PDF document", "copy its text into a .txt file, or " + EXPORT_FIX),
    (b"PK\x03\x04", 0, "a ZIP archive (or an Office file other than .docx)", EXPORT_FIX),
    (b"PK\x05\x06", 0, "an empty ZIP archive", EXPORT_FIX),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        0,
        "an old Word .doc or other legacy Office file",
        "open it in Word or LibreOffice and save it as .docx or .txt",
    ),
    (b"{\\rtf", 0, "an RTF document", "open it in a word processor and save it as .docx or .txt"),
    (b"\x89PNG\r\n\x1a\n", 0, "a PNG image", EXPORT_FIX),
    (b"\xff\xd8\xff", 0, "a JPEG image", EXPORT_FIX),
    (b"GIF87a", 0, "a GIF image", EXPORT_FIX),
    (b"GIF89a", 0, "a GIF image", EXPORT_FIX),
    (b"\x1f\x8b", 0, "a gzip-compressed file", "decompress it first, or " + EXPORT_FIX),
    (b"7z\xbc\xaf\x27\x1c", 0, "a 7-Zip archive", "extract it first, or " + EXPORT_FIX),
    (b"Rar!\x1a\x07", 0, "a RAR archive", "extract it first, or " + EXPORT_FIX),
    (b"\x7fELF", 0, "a program (ELF executable)", EXPORT_FIX),
    (b"ftyp", 4, "an audio or video recording (MP4/M4A/MOV)", "transcribe it first, then " + EXPORT_FIX),
    (b"OggS", 0, "an audio recording (Ogg)", "transcribe it first, then " + EXPORT_FIX),
    (b"fLaC", 0, "an audio recording (FLAC)", "transcribe it first, then " + EXPORT_FIX),
    (b"ID3", 0, "an audio recording (MP3)", "transcribe it first, then " + EXPORT_FIX),
    (b"\x1aE\xdf\xa3", 0, "a video recording (WebM/MKV)", "transcribe it first, then " + EXPORT_FIX),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),  # before UTF-16 LE, whose BOM is its prefix
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
# charset-normalizer is trusted for scripts that cp1252 cannot be; for Western text it tends to
# pick cp1250 or mac_* variants, so there the cp1252/latin-1 rule below is more reliable.
_MULTIBYTE = frozenset(
    "cp932 shift_jis shift_jis_2004 shift_jisx0213 euc_jp euc_jis_2004 iso2022_jp gb2312 gbk gb18030 hz big5"
    " big5hkscs cp950 euc_kr cp949 johab iso2022_kr".split()
)
_NON_LATIN = frozenset(
    "cp1251 koi8_r koi8_u mac_cyrillic iso8859_5 cp866 cp855 cp1253 iso8859_7 cp737 cp1255 iso8859_8 cp862"
    " cp1256 iso8859_6 cp864 cp874 tis_620 iso8859_11".split()
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffd]")
_C1_BYTES = re.compile(rb"[\x80-\x9f]")
_SAMPLE = 4096


def sniff_binary(data: bytes) -> tuple[str, str] | None:
    """(what the file seems to be, what to do) for known binary formats, else None."""
    for magic, offset, what, fix in _MAGIC:
        if data[offset : offset + len(magic)] == magic:
            if magic == b"ID3" and data[3:4] not in (b"\x02", b"\x03", b"\x04"):
                continue
            return what, fix
    if data[:4] == b"RIFF" and data[8:12] in (b"WAVE", b"AVI "):
        return "an audio or video recording (WAV/AVI)", "transcribe it first, then " + EXPORT_FIX
    return None


def _wide_unicode(data: bytes) -> str | None:
    """UTF-32 or UTF-16 without a BOM, recognised by where the NUL bytes of ASCII text fall."""
    sample = data[:_SAMPLE]
    if len(sample) < 8:
        return None

    def nul_share(part: bytes) -> float:
        return part.count(0) / max(1, len(part))

    quarters = [nul_share(sample[i::4]) for i in range(4)]
    if quarters[0] < 0.05 and min(quarters[1:]) > 0.9:
        return "utf-32-le"
    if quarters[3] < 0.05 and min(quarters[:3]) > 0.9:
        return "utf-32-be"
    even, odd = nul_share(sample[0::2]), nul_share(sample[1::2])
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def _codec(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return data.decode(encoding, errors="replace")  # a truncated last character, usually


def _guess_legacy(data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes  # only needed for non-UTF-8 input

    best = from_bytes(data).best()
    if best is not None:
        encoding = best.encoding
        if encoding in _MULTIBYTE or (encoding in _NON_LATIN and best.coherence >= 0.2):
            return _codec(data, encoding), encoding
        if encoding.startswith(("utf_16", "utf_32")) and len(data) >= 32:
            # BOM-less UTF-16 in a non-Latin script has no NUL pattern; short guesses are noise.
            try:
                return data.decode(encoding), encoding.replace("_", "-")
            except UnicodeDecodeError:
                pass
    if _C1_BYTES.search(data):
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            pass  # one of the five bytes cp1252 leaves undefined: latin-1 accepts anything
    return data.decode("latin-1"), "latin-1"


def _decode_text(data: bytes) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            codec = "utf-8" if encoding == "utf-8-sig" else encoding
            return _codec(data[len(bom) :], codec), encoding
    wide = _wide_unicode(data)
    if wide is not None:
        return _codec(data, wide), wide
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return _guess_legacy(data)


def decode(data: bytes, name: str | None = None) -> tuple[str, str]:
    """Decode transcript bytes to (text, encoding name), refusing binary files with InputError."""
    subject = f"{name} " if name else "the file "
    sniffed = sniff_binary(data)
    if sniffed is not None:
        raise InputError(f"{subject}looks like {sniffed[0]}, not a text transcript", sniffed[1])
    text, encoding = _decode_text(data)
    bad = len(_CONTROL.findall(text))
    if bad >= 8 and bad * 10 > len(text):
        share = round(100 * bad / len(text))
        raise InputError(
            f"{subject}looks like binary data, not a text transcript ({share}% control characters)",
            EXPORT_FIX,
        )
    return text, encoding
