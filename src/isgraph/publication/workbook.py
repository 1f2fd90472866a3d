"""OUT/isgraph.xlsx: the CSV tables as one workbook for spreadsheet users.

One sheet per table of ``bundle.TABLES``, with the same rows, but for people rather than programs:

- columns of names and values first, IRI columns last;
- multi-valued cells joined with " ; " (the CSV keep ";" for programs); paired columns (territory IRIs / names,
  porteur IRIs / names) list their values in the same order;
- themes, actor types, role types, functions and prizes by their French labels (skos:prefLabel@fr of the graph's
  schemes), not their codes;
- numbers and counts as numbers, booleans as "oui" / "non"; header row frozen, column widths fitted.

Written with XlsxWriter (write-only, no dependency of its own): with the document properties' dates fixed (the
publication date when given, else 2000-01-01) its zip entries carry a constant time, so the same input gives
byte-identical files.
"""

from __future__ import annotations

import datetime
import io
import re
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import SKOS

from isgraph.namespaces import FN, PRIX, ROLE, THEME, TYP

WORKBOOK_FILE = "isgraph.xlsx"
JOIN = " ; "
FIXED_DATE = datetime.datetime(2000, 1, 1)
MAX_WIDTH = 60

# field -> scheme namespace of its codes (shown by their French labels)
CODED_FIELDS = {"themes": THEME, "type_acteur": TYP, "type_role": ROLE, "fonctions": FN, "prix": PRIX,
                "categorie_acteur": TYP}
# headings: field names with their accents and spaces
_WORDS = {"libelle": "libellé", "libelles": "libellés", "annees": "années", "categorie": "catégorie",
          "themes": "thèmes", "debut": "début", "meme": "même", "role": "rôle", "generique": "générique",
          "generiques": "génériques", "portees": "portées", "financees": "financées", "insee": "INSEE",
          "siren": "SIREN", "sha256": "SHA-256", "id": "IRI"}


def heading(field: str) -> str:
    return " ".join(_WORDS.get(w, w) for w in field.split("_"))


def concept_labels(graph: Graph) -> dict[str, str]:
    """Concept IRI -> French preferred label (schemes of the graph)."""
    out: dict[str, str] = {}
    for s, label in graph.subject_objects(SKOS.prefLabel):
        if getattr(label, "language", None) == "fr" or str(s) not in out:
            out[str(s)] = str(label)
    return out


def _is_iri_field(name: str, spec_type: dict, description: str) -> bool:
    return spec_type.get("format") == "uri" or description.startswith("IRI")


def sheet_columns(fields) -> list[int]:
    """Field indexes in workbook order: names and values first, IRI columns last (each group in CSV order)."""
    first = [i for i, (n, t, d) in enumerate(fields) if not _is_iri_field(n, t, d)]
    last = [i for i, (n, t, d) in enumerate(fields) if _is_iri_field(n, t, d)]
    return first + last


def _cell(value: str, spec_type: dict):
    kind = spec_type.get("type")
    if kind == "integer":
        return int(value)
    if kind == "number":
        return float(value)
    if kind == "boolean":
        return "oui" if value == "true" else "non"
    return value


EXCEL_MAX_ROWS = 1_048_576  # rows of a sheet in Excel / LibreOffice, the header row included


def workbook_bytes(rows: dict[str, list[list[str]]], graph: Graph, issued: str | None = None,
                   fast: bool = True) -> bytes:
    """The workbook of the bundle's table rows (``bundle.table_rows``)."""
    from isgraph.publication.bundle import TABLES

    buf = io.BytesIO()
    book = WorkbookWriter(buf, graph, issued, fast=fast)
    for name in TABLES:
        book.add_sheet(name, rows[name])
    book.close()
    return buf.getvalue()


def _sheet_cells(rows: list[list[str]], columns, labels: dict[str, str], widths: list[int]):
    """(sheet row, [(column, str | int | float)]) per table row, empty cells left out; `widths` grown to fit."""
    for r, row in enumerate(rows, start=1):
        out = []
        for col, (i, ns, multi, kind) in enumerate(columns):
            value = row[i]
            if value == "":
                continue
            if ns is not None:
                cell = JOIN.join(labels.get(ns + code, code) for code in value.split(";"))
            elif multi:
                cell = value.replace(";", JOIN)
            elif kind == "integer":
                cell = int(value)
            elif kind == "number":
                cell = float(value)
            elif kind == "boolean":
                cell = "oui" if value == "true" else "non"
            else:
                cell = value
            if isinstance(cell, str):
                n = min(len(cell), MAX_WIDTH)
                if n > widths[col]:
                    widths[col] = n
            elif len(value) > widths[col]:
                widths[col] = len(value)
            out.append((col, cell))
        yield r, out


# ---- the rows of a sheet as XML ------------------------------------------------------------------------------
# XlsxWriter's constant_memory mode writes each row as <row r=".."> with inline-string and number cells; its
# per-cell calls (checks, a cell tuple, attribute lists, escaping) were three quarters of the workbook's time on a
# national graph. `_write_rows` writes the same XML itself into the sheet's row file, after the header row, and
# tells the sheet the dimensions it reached; tests/test_workbook.py checks that both give the same bytes.

_CONTROL_ESCAPED = re.compile("(_x[0-9a-fA-F]{4}_)")  # as xlsxwriter.xmlwriter (re_control_chars_1, _2)
_CONTROL = re.compile(r"([\x00-\x08\x0b-\x1f])")
_NEEDS_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_")
_XML_SPECIAL = re.compile("[&<>]")
_PLAIN = re.compile("[&<>\x00-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_|^\\s|\\s$")  # a match: not a plain text
_SPACE_AT_ENDS = re.compile(r"^\s|\s$")
STRING_MAX = 32767  # UTF-16 units of a cell (XlsxWriter truncates longer strings)


def _column_names(n: int) -> list[str]:
    from xlsxwriter.utility import xl_col_to_name

    return [xl_col_to_name(c) for c in range(n)]


def _string_xml(text: str) -> str:
    """The end of an inline-string cell, from ' t=' on: XlsxWriter's truncation, then its control-character
    escapes, then the whitespace test (on the escaped text), then XML escapes, in that order."""
    if len(text) <= STRING_MAX // 2 and not _PLAIN.search(text):  # most cells: one test
        return f' t="inlineStr"><is><t>{text}</t></is></c>'
    if len(text) > STRING_MAX // 2:
        from xlsxwriter.utility import _utf16_len, _utf16_truncate

        if _utf16_len(text) > STRING_MAX:
            text = _utf16_truncate(text, STRING_MAX)
    if _NEEDS_CONTROL.search(text):
        text = _CONTROL_ESCAPED.sub(r"_x005F\1", text)
        text = _CONTROL.sub(lambda m: f"_x{ord(m.group(1)):04X}_", text)
        text = text.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
    preserve = ' xml:space="preserve"' if _SPACE_AT_ENDS.search(text) else ""
    if _XML_SPECIAL.search(text):
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f' t="inlineStr"><is><t{preserve}>{text}</t></is></c>'


def _rows_writable(ws) -> bool:
    """Whether the sheet is in the state `_write_rows` expects: constant_memory, the header row pending, no row or
    column formats, default row heights (else the API path is taken)."""
    return (getattr(ws, "constant_memory", False) and getattr(ws, "fh", None) is not None
            and getattr(ws, "previous_row", None) == 0 and not getattr(ws, "row_info", True)
            and not getattr(ws, "col_info", True) and not getattr(ws, "comments", True)
            and getattr(ws, "excel_version", 2010) != 2010
            and getattr(ws, "default_row_height", 0) == getattr(ws, "original_row_height", 1))


def _write_rows(ws, cells, ncols: int) -> None:
    names = _column_names(ncols)
    last = None
    chunk: list[str] = []
    write = ws.fh.write
    for r, row in cells:
        if not row:  # no cell: no <row> element (as XlsxWriter)
            continue
        if last is None:
            ws._write_single_row(r)  # the header row (row 0) out first, as the API does at the first data row
        n = str(r + 1)
        parts = [f'<row r="{n}">']
        for col, cell in row:
            if isinstance(cell, str):
                parts.append(f'<c r="{names[col]}{n}"' + _string_xml(cell))
            else:
                parts.append(f'<c r="{names[col]}{n}"><v>{cell:.16G}</v></c>')
        parts.append("</row>")
        chunk.append("".join(parts))
        last = r
        if len(chunk) >= 4096:
            write("".join(chunk))
            chunk.clear()
    if chunk:
        write("".join(chunk))
    if last is not None:
        ws._check_dimensions(last, 0)
        ws.previous_row = last + 1  # every row is out: the sheet's closing flush finds nothing left


class WorkbookWriter:
    """The workbook written one sheet at a time, in the order of ``bundle.TABLES`` (``add_sheet`` once per table),
    to a path or a binary file object; ``abort()`` leaves no file behind."""

    def __init__(self, target, graph: Graph, issued: str | None = None, fast: bool = True):
        """`fast`: the sheets' rows written as XML by `_write_rows` (False: cell by cell through XlsxWriter's API,
        the same bytes, four times slower)."""
        import xlsxwriter

        self.target = target
        self.fast = fast
        self.labels = concept_labels(graph)
        when = datetime.datetime.strptime(issued, "%Y-%m-%d") if issued else FIXED_DATE
        # constant_memory: each row is written out when the next one starts (inline strings, no shared-string
        # table), so a national workbook (half a million rows) does not hold every cell in memory: 26 MB -> 1 MB
        # at 10x seeds
        self.wb = xlsxwriter.Workbook(target if not isinstance(target, Path) else str(target),
                                      {"constant_memory": True, "in_memory": False, "strings_to_numbers": False,
                                       "strings_to_formulas": False, "strings_to_urls": False})
        self.wb.set_properties({"title": "isgraph", "subject": "Initiatives d'innovation sociale dans les territoires",
                                "created": when, "comments": "Tables de isgraph (CSV : datapackage.json)"})
        self.bold = self.wb.add_format({"bold": True, "text_wrap": False})

    def add_sheet(self, name: str, rows: list[list[str]]) -> None:
        from isgraph.publication.bundle import LIST_NOTE, TABLES

        labels = self.labels
        ws = self.wb.add_worksheet(name)
        fields = TABLES[name]["fields"]
        order = sheet_columns(fields)
        widths = []
        for col, i in enumerate(order):
            title = heading(fields[i][0])
            ws.write_string(0, col, title, self.bold)
            widths.append(len(title))
        multi = {i for i, (_n, _t, d) in enumerate(fields) if d.endswith(LIST_NOTE)}
        # each column: (field index, namespace of its codes | None, multi-valued, JSON type of its values)
        columns = [(i, str(CODED_FIELDS[fields[i][0]]) if fields[i][0] in CODED_FIELDS else None, i in multi,
                    fields[i][1].get("type")) for i in order]
        cells = _sheet_cells(rows, columns, labels, widths)
        if self.fast and _rows_writable(ws):
            _write_rows(ws, cells, len(order))
        else:  # XlsxWriter's own cell calls (the reference of _write_rows in the tests)
            for r, row in cells:
                for col, cell in row:
                    if isinstance(cell, str):
                        ws.write_string(r, col, cell)
                    else:
                        ws.write_number(r, col, cell)
        for col, w in enumerate(widths):
            ws.set_column(col, col, min(w + 2, MAX_WIDTH))
        ws.freeze_panes(1, 0)
        if rows:
            ws.autofilter(0, 0, len(rows), len(order) - 1)

    def close(self) -> None:
        self.wb.close()

    def abort(self) -> None:
        """Give the workbook up: its temporary files closed, no file at the target path."""
        try:
            for ws in self.wb.worksheets():
                fh = getattr(ws, "row_data_fh", None)
                if fh is not None:
                    fh.close()
                name = getattr(ws, "row_data_filename", None)
                if name:
                    Path(name).unlink(missing_ok=True)
        finally:
            if isinstance(self.target, Path):
                self.target.unlink(missing_ok=True)
