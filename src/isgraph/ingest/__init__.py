"""Document formats -> text lines: `.txt` / `.md` (decoded), `.html` / `.htm` (main content), `.pdf` (text layer,
page of each line), `.docx` / `.odt` (body paragraphs, lists and tables), `.csv` / `.tsv` / `.xlsx` / `.xls` / `.ods` (one line
per row, cells joined by " | ").

Every converter gives the text as lines, the structure the extractors key on: one line per heading, paragraph
line, list item ("• " / "1. " prefix) and table row (cells joined by " | ", a two-cell label row as
"Label : value"). Libraries were chosen by measurement (BENCHMARKS.md, "Ingestion"): pypdf for PDF, lxml for
HTML, ODT and ODS, python-docx for DOCX, openpyxl for XLSX, xlrd for XLS."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from isgraph.errors import InputError


class NoTextError(InputError):
    """A well-formed document without text isgraph can read (empty, scanned PDF, encrypted PDF): skipped."""


@dataclass
class Converted:
    text: str
    media_type: str
    encoding: str = "utf-8"
    pages: list[int] | None = None
    repaired_lines: list[int] = field(default_factory=list)
    headings: frozenset[str] = frozenset()  # the text of the lines that are headings in the source (HTML <hN>)


def _text(path: Path, data: bytes, media_type: str) -> Converted:
    from isgraph.ingest.text import read_text

    return read_text(path, data, media_type)


def _html(path: Path, data: bytes, media_type: str) -> Converted:
    from isgraph.ingest.html import read_html

    return read_html(path, data)


def _pdf(path: Path, data: bytes, media_type: str) -> Converted:
    from isgraph.ingest.pdf import read_pdf

    return read_pdf(path, data)


def _docx(path: Path, data: bytes, media_type: str) -> Converted:
    from isgraph.ingest.office import read_docx

    return read_docx(path, data)


def _odt(path: Path, data: bytes, media_type: str) -> Converted:
    from isgraph.ingest.office import read_odt

    return read_odt(path, data)


def _delimited(path: Path, data: bytes, media_type: str) -> Converted:
    from isgraph.ingest.sheets import read_delimited

    return read_delimited(path, data)


def _xlsx(path: Path, data: bytes, media_type: str) -> Converted:
    from isgraph.ingest.sheets import read_xlsx

    return read_xlsx(path, data)


def _xls(path: Path, data: bytes, media_type: str) -> Converted:
    from isgraph.ingest.sheets import read_xls

    return read_xls(path, data)


def _ods(path: Path, data: bytes, media_type: str) -> Converted:
    from isgraph.ingest.sheets import read_ods

    return read_ods(path, data)


# suffix -> (IANA media type, converter)
FORMATS = {
    ".txt": ("text/plain", _text),
    ".md": ("text/markdown", _text),
    ".html": ("text/html", _html),
    ".htm": ("text/html", _html),
    ".pdf": ("application/pdf", _pdf),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _docx),
    ".odt": ("application/vnd.oasis.opendocument.text", _odt),
    ".csv": ("text/csv", _delimited),
    ".tsv": ("text/tab-separated-values", _delimited),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _xlsx),
    ".xls": ("application/vnd.ms-excel", _xls),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", _ods),
}


def convert(path: Path, data: bytes) -> Converted:
    """The text lines of a document's bytes, by the format its suffix names (unknown suffixes: plain text)."""
    media_type, converter = FORMATS.get(path.suffix.lower(), FORMATS[".txt"])
    result = converter(path, data, media_type)
    text = result.text
    if not text.strip():
        raise NoTextError("no text in this document", path=path)
    return result


def clean_lines(lines: list[str], max_blank: int = 2) -> str:
    """Lines -> text: trailing spaces dropped, runs of empty lines cut to `max_blank`, ending with one newline."""
    out: list[str] = []
    blank = 0
    for line in lines:
        line = line.rstrip()
        if not line.strip():
            blank += 1
            if blank > max_blank or not out:
                continue
            line = ""
        else:
            blank = 0
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n" if out else ""
