"""PDF -> text lines with the page of each line, from the text layer (pypdf; no OCR).

pypdf was chosen by measurement (BENCHMARKS.md, "Ingestion"): it keeps every line of a line-laid PDF (line recall
1.000, like pdfplumber at 20x the time; pypdfium2 drops line-end hyphens), and its layout mode keeps the vertical
gaps as empty lines, the structure the extractors of PDF-born documents key on (a card layout's twin PDF gives 54
of its 60 initiatives with the gaps, 26 without). Layout mode lays columns side by side: a page whose lines share
a gutter (a run of spaces at the same place on many lines) is read column by column, left then right."""

from __future__ import annotations

import io
import logging
import re
from pathlib import Path

from isgraph.errors import InputError

MIN_CHARS_PER_PAGE = 10  # fewer visible characters per page on average: no text layer (a scan, maybe page numbers)


GUTTER = 3  # spaces between two columns in layout mode
MIN_COLUMN_LINES = 5


def page_text_lines(page) -> list[str]:
    """The lines of one page: layout mode (vertical gaps as empty lines), left margin removed, columns split."""
    try:
        text = page.extract_text(extraction_mode="layout", layout_mode_space_vertically=True)
    except Exception:  # layout mode fails on some odd fonts / matrices: the plain mode still reads the page
        text = page.extract_text() or ""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").replace("\f", "\n")
    lines = [line.rstrip() for line in text.split("\n")]
    lines = dedent(lines)
    found = find_columns(lines)
    if found is not None:
        gutter, top, bottom = found  # (a masthead above the columns and a footer under them, across the page)
        band = lines[top:bottom]
        left = [line[:gutter].rstrip() for line in band]
        right = dedent([line[gutter:].rstrip() for line in band])
        lines = lines[:top] + left + [""] + right + [""] + lines[bottom:]
    while lines and not lines[0].strip():
        lines.pop(0)
    return lines


def dedent(lines: list[str]) -> list[str]:
    indents = [len(line) - len(line.lstrip(" ")) for line in lines if line.strip()]
    cut = min(indents, default=0)
    return [line[cut:] if line.strip() else "" for line in lines]


def find_gutter(lines: list[str]) -> int | None:
    """The column where a page splits in two (find_columns), or None."""
    found = find_columns(lines)
    return found[0] if found is not None else None


def find_columns(lines: list[str]) -> tuple[int, int, int] | None:
    """(gutter, top, bottom): the column where a page splits in two, between lines top and bottom (a masthead above
    and a footer under the columns may run across the page): a position inside the middle half of the page width
    where many lines have a run of GUTTER spaces with text on both sides, and almost no line of the band between
    the first and the last such line has text across it."""
    width = max((len(line) for line in lines), default=0)
    if width < 40:
        return None
    full = [k for k, line in enumerate(lines) if line.strip()]
    best, best_count, band = None, 0, (0, len(lines))
    for c in range(width // 4, 3 * width // 4):
        two = [k for k in full if len(lines[k]) > c and not lines[k][max(0, c - GUTTER + 1):c + 1].strip()
               and lines[k][:c].strip() and lines[k][c:].strip()]
        if len(two) < MIN_COLUMN_LINES or len(two) <= best_count:
            continue
        inside = [k for k in full if two[0] <= k <= two[-1]]
        crossing = sum(1 for k in inside if len(lines[k]) > c and lines[k][max(0, c - GUTTER + 1):c + 1].strip())
        outside = len(full) - len(inside)
        if crossing <= len(inside) // 20 and outside <= max(4, len(full) // 4):
            best, best_count, band = c, len(two), (two[0], two[-1] + 1)
    if best is None or best_count < 0.3 * len(full):
        return None
    # a table's columns, not the page's: on most lines with text on both sides, the left side is itself cut in
    # cells ('Association Le      Épicerie') or the right side holds amounts ('82 000 €   30 %   24 600 €')
    both = [lines[k] for k in full if len(lines[k]) > best and lines[k][:best].strip() and lines[k][best:].strip()]
    celled = sum(1 for line in both if re.search(r"\S {%d,}\S" % GUTTER, line[:best].strip())
                 or re.search(r"\S {%d,}\S" % GUTTER, line[best:].strip()) or re.search(r"\d\s*(?:€|%)", line[best:]))
    if both and celled >= 0.6 * len(both):
        return None
    top, bottom = band
    while top > 0 and not lines[top - 1].strip():
        top -= 1  # (the band from the blank line under the masthead)
    return best + 1, (0 if all(not line.strip() for line in lines[:top]) else top), bottom


def read_pdf(path: Path, data: bytes):
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PyPdfError

    from isgraph.ingest import Converted, NoTextError

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
                page_lines = page_text_lines(page)
                visible += sum(1 for line in page_lines for c in line if not c.isspace())
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
    if visible < MIN_CHARS_PER_PAGE * max(1, n):
        raise NoTextError(f"no text layer ({n} page{'s' if n != 1 else ''}; scanned PDF?); OCR is not supported",
                          path=path)
    while lines and not lines[-1].strip():
        lines.pop()
        pages.pop()
    return Converted(text="\n".join(lines) + "\n", media_type="application/pdf", pages=pages)
