"""Document formats -> text lines: `.txt` / `.md` (decoded), `.html` / `.htm` (main content), `.pdf` (text layer,
page of each line), `.docx` / `.odt` / `.doc` (body paragraphs, lists and tables), `.pptx` / `.odp` (each slide's title,
then its shapes' text in reading order), `.csv` / `.tsv` / `.xlsx` / `.xls` / `.ods` (one line per row, cells
joined by " | "), `.json` / `.geojson` / `.jsonl` / `.ndjson` (a list of records as a table, any other value as
"key : value" lines).

Every converter gives the text as lines, the structure the extractors key on: one line per heading, paragraph
line, list item ("• " / "1. " prefix) and table row (cells joined by " | ", a two-cell label row as
"Label : value"). Libraries were chosen by measurement (BENCHMARKS.md, "Ingestion"): pypdf for PDF, lxml for
HTML, ODT, ODS, PPTX and ODP, python-docx for DOCX, olefile for DOC (Word 97-2003), openpyxl for XLSX, xlrd for XLS, the standard library's json
for JSON."""

from __future__ import annotations

import importlib
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


def _reader(module: str, function: str, with_media_type: bool = False):
    """A converter that imports its reader module on first use (a build reading only text never loads lxml,
    pypdf or openpyxl)."""
    def convert(path: Path, data: bytes, media_type: str) -> Converted:
        read = getattr(importlib.import_module(f"isgraph.ingest.{module}"), function)
        return read(path, data, media_type) if with_media_type else read(path, data)
    return convert


_text = _reader("text", "read_text", with_media_type=True)
_delimited = _reader("sheets", "read_delimited")


# suffix -> (IANA media type, converter)
FORMATS = {
    ".txt": ("text/plain", _text),
    ".md": ("text/markdown", _text),
    ".html": ("text/html", _reader("html", "read_html")),
    ".htm": ("text/html", _reader("html", "read_html")),
    ".pdf": ("application/pdf", _reader("pdf", "read_pdf")),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _reader("office", "read_docx")),
    ".doc": ("application/msword", _reader("worddoc", "read_doc")),
    ".odt": ("application/vnd.oasis.opendocument.text", _reader("office", "read_odt")),
    ".csv": ("text/csv", _delimited),
    ".tsv": ("text/tab-separated-values", _delimited),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _reader("sheets", "read_xlsx")),
    ".xls": ("application/vnd.ms-excel", _reader("sheets", "read_xls")),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", _reader("sheets", "read_ods")),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", _reader("slides", "read_pptx")),
    ".odp": ("application/vnd.oasis.opendocument.presentation", _reader("slides", "read_odp")),
    ".json": ("application/json", _reader("jsondata", "read_json")),
    ".geojson": ("application/geo+json", _reader("jsondata", "read_json")),
    ".jsonl": ("application/jsonl", _reader("jsondata", "read_json_lines")),
    ".ndjson": ("application/jsonl", _reader("jsondata", "read_json_lines")),
}


def media_type(path: Path) -> str:
    """The IANA media type of a document by its suffix (FORMATS)."""
    return FORMATS[path.suffix.lower()][0]


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
