"""Word .docx files: body paragraphs (and table rows, in document order) joined by "\\n"."""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING

from analyzer.core.errors import InputError

from .decoding import EXPORT_FIX

if TYPE_CHECKING:  # python-docx is imported lazily at run time (it pulls in lxml)
    from docx.document import Document


def is_docx_zip(data: bytes) -> bool:
    """True for a ZIP archive holding a Word document body."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def check_expanded_size(data: bytes, limit: int, subject: str) -> None:
    """Refuse an archive whose members expand past `limit` bytes, before any member is parsed.

    zipfile never inflates a member past its declared size, so the declared sizes bound the work.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not readable as an archive: the parser below reports it
    if expanded > limit:
        raise InputError(
            f"{subject} expands to {expanded / 1024 / 1024:.0f} MB, over the {limit / 1024 / 1024:.0f} MB input limit",
            "save the document again from Word or LibreOffice (a normal transcript expands to a few MB), "
            "or export it as .txt",
        )


def docx_text(data: bytes, name: str | None = None, limit: int | None = None) -> str:
    """The document text: one line per paragraph, table rows as tab-separated cells."""
    import docx  # python-docx; imported lazily as it pulls in lxml

    subject = name or "the .docx file"
    if limit is not None:
        check_expanded_size(data, limit, subject)
    try:
        document = docx.Document(io.BytesIO(data))
        parts = _blocks(document)
    except Exception as exc:  # python-docx and lxml raise many types on a damaged file; all mean the same
        if isinstance(exc, InputError):
            raise
        raise InputError(
            f"{subject} could not be read as a Word document ({type(exc).__name__})",
            "open it in Word or LibreOffice and save it again as .docx, or " + EXPORT_FIX,
        ) from exc
    return "\n".join(parts)


def _blocks(document: Document) -> list[str]:
    from docx.table import Table

    parts: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            for row in block.rows:
                cells: list[str] = []
                for cell in row.cells:
                    text = cell.text
                    # Merged cells repeat in python-docx; keep each text once per row.
                    if not cells or cells[-1] != text:
                        cells.append(text)
                parts.append("\t".join(cells))
        else:
            parts.append(block.text)
    return parts
