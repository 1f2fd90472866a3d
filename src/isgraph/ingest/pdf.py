"""PDF -> text lines with the page of each line, from the text layer (pypdf; no OCR).

pypdf was chosen by measurement (BENCHMARKS.md, "Ingestion"): it keeps every line of a line-laid PDF (line recall
1.000, like pdfplumber at 20x the time), reads two-column pages column by column (order 1.000, where pdfplumber
and `pdftotext -layout` interleave the columns: 0.54), keeps line-end hyphens (pypdfium2 drops them) and is pure
Python."""

from __future__ import annotations

import io
import logging
from pathlib import Path

from ..errors import InputError

MIN_CHARS_PER_PAGE = 2  # fewer visible characters on every page: no text layer


def read_pdf(path: Path, data: bytes):
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

    from . import Converted, NoTextError

    log = logging.getLogger("pypdf")
    level = log.level
    log.setLevel(logging.ERROR)  # pypdf warns on every recoverable oddity of real PDFs
    try:
        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                try:
                    if not reader.decrypt(""):
                        raise NoTextError("encrypted PDF (password protected); decrypt it first", path=path)
                except (DependencyError, FileNotDecryptedError, NotImplementedError):
                    raise NoTextError("encrypted PDF (cannot be decrypted here); decrypt it first", path=path) from None
            lines: list[str] = []
            pages: list[int] = []
            visible = 0
            n = len(reader.pages)
            for number, page in enumerate(reader.pages, 1):
                text = page.extract_text() or ""
                text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
                visible += sum(1 for c in text if not c.isspace())
                page_lines = text.split("\n")
                while page_lines and not page_lines[-1].strip():
                    page_lines.pop()
                lines += [line.rstrip() for line in page_lines]
                pages += [number] * len(page_lines)
                if number < n:  # an empty line between pages
                    lines.append("")
                    pages.append(number)
        except NoTextError:
            raise
        except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError) as exc:
            raise InputError(f"not a readable PDF ({type(exc).__name__}: {str(exc)[:80]})", path=path) from None
    finally:
        log.setLevel(level)
    if visible < MIN_CHARS_PER_PAGE * max(1, n) and visible < 20:
        raise NoTextError(f"no text layer ({n} page{'s' if n != 1 else ''}; scanned PDF?); OCR is not supported",
                          path=path)
    while lines and not lines[-1].strip():
        lines.pop()
        pages.pop()
    return Converted(text="\n".join(lines) + "\n", media_type="application/pdf", pages=pages)
