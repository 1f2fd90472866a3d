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
    gutter = find_gutter(lines)
    if gutter is not None:
        left = [line[:gutter].rstrip() for line in lines]
        right = dedent([line[gutter:].rstrip() for line in lines])
        lines = left + [""] + right
    while lines and not lines[0].strip():
        lines.pop(0)
    return lines


def dedent(lines: list[str]) -> list[str]:
    indents = [len(line) - len(line.lstrip(" ")) for line in lines if line.strip()]
    cut = min(indents, default=0)
    return [line[cut:] if line.strip() else "" for line in lines]


def find_gutter(lines: list[str]) -> int | None:
    """The column where a page splits in two: a position inside the middle half of the page width where many lines
    have a run of GUTTER spaces with text on both sides, and no line has text across it."""
    width = max((len(line) for line in lines), default=0)
    if width < 40:
        return None
    full = [line for line in lines if line.strip()]
    best, best_count = None, 0
    for c in range(width // 4, 3 * width // 4):
        count, crossing = 0, 0
        for line in full:
            if len(line) <= c:
                continue
            window = line[max(0, c - GUTTER + 1):c + 1]
            if window.strip():
                crossing += 1
            elif line[:c].strip() and line[c:].strip():
                count += 1
        if crossing <= len(full) // 20 and count >= MIN_COLUMN_LINES and count > best_count:
            best, best_count = c, count
    if best is None or best_count < 0.3 * len(full):
        return None
    # a table's columns, not the page's: on most lines with text on both sides, the left side is itself cut in
    # cells ('Association Le      Épicerie') or the right side holds amounts ('82 000 €   30 %   24 600 €')
    both = [line for line in full if len(line) > best and line[:best].strip() and line[best:].strip()]
    celled = sum(1 for line in both if re.search(r"\S {%d,}\S" % GUTTER, line[:best].strip())
                 or re.search(r"\d\s*(?:€|%)", line[best:]))
    if both and celled >= 0.6 * len(both):
        return None
    return best + 1


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
