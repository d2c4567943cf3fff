"""Word .docx files: body paragraphs (and table rows, in document order) joined by "\\n"."""

from __future__ import annotations

import io
import zipfile

from analyzer.core.errors import InputError

from .decoding import EXPORT_FIX


def is_docx_zip(data: bytes) -> bool:
    """True for a ZIP archive holding a Word document body."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def docx_text(data: bytes, name: str | None = None) -> str:
    """The document text: one line per paragraph, table rows as tab-separated cells."""
    import docx  # python-docx; imported lazily as it pulls in lxml
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    subject = name or "the .docx file"
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InputError(
            f"{subject} could not be read as a Word document ({type(exc).__name__})",
            "open it in Word or LibreOffice and save it again as .docx, or " + EXPORT_FIX,
        ) from exc
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
    return "\n".join(parts)
