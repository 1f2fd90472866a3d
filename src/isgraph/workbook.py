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
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import SKOS

from .namespaces import FN, PRIX, ROLE, THEME, TYP

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


def workbook_bytes(rows: dict[str, list[list[str]]], graph: Graph, issued: str | None = None) -> bytes:
    """The workbook of the bundle's table rows (``bundle.table_rows``)."""
    from .bundle import TABLES

    buf = io.BytesIO()
    book = WorkbookWriter(buf, graph, issued)
    for name in TABLES:
        book.add_sheet(name, rows[name])
    book.close()
    return buf.getvalue()


class WorkbookWriter:
    """The workbook written one sheet at a time, in the order of ``bundle.TABLES`` (``add_sheet`` once per table),
    to a path or a binary file object; ``abort()`` leaves no file behind."""

    def __init__(self, target, graph: Graph, issued: str | None = None):
        import xlsxwriter

        self.target = target
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
        from .bundle import LIST_NOTE, TABLES

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
        for r, row in enumerate(rows, start=1):
            for col, i in enumerate(order):
                field_name, spec_type, _d = fields[i]
                value = row[i]
                if value == "":
                    continue
                if field_name in CODED_FIELDS:
                    ns = str(CODED_FIELDS[field_name])
                    cell = JOIN.join(labels.get(ns + code, code) for code in value.split(";"))
                elif i in multi:
                    cell = value.replace(";", JOIN)
                else:
                    cell = _cell(value, spec_type)
                if isinstance(cell, (int, float)):
                    ws.write_number(r, col, cell)
                    widths[col] = max(widths[col], len(value))
                else:
                    ws.write_string(r, col, cell)
                    widths[col] = max(widths[col], min(len(cell), MAX_WIDTH))
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
