"""Tables as files -> text lines: delimited text (.csv, .tsv) and spreadsheets (.xlsx with openpyxl, .xls with xlrd,
.ods with lxml).

Lists of grants and of laureates are often published as tables: the "données essentielles des conventions de
subvention" of the SCDL schema (nomAttribuant, nomBeneficiaire, objet, montant, …), a Région's spreadsheet of the
projects a call retained. Each row becomes one line, its cells joined by " | " — the table rows the extractors
already read in HTML, Word and PDF documents (`extract.tables.find_table`). An empty cell is written "–" so that
every row keeps its columns; a cell's own line breaks become spaces and a "|" in a cell becomes "/". A workbook's
sheets follow one another, each under a heading line with its name (`## Sheet`) when there are several; hidden
sheets and empty rows at the end are left out. Line n of a CSV file's text is its row n (a quoted cell may span
several lines of the file)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

from isgraph.errors import InputError

MAX_COLUMNS = 200  # a row wider than this is cut (a sheet's stray far-right cell would widen every row)
MAX_ROWS = 200_000
EMPTY = "–"
_DELIMITERS = ";,\t|"


def _cell_text(value) -> str:
    """A cell's value as text: numbers without a spurious '.0', dates as ISO dates, booleans as oui / non."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(Decimal(repr(value)).normalize(), "f")
    return str(value)


def _line(cells: list[str], width: int) -> str:
    cells = [" ".join(c.replace("|", "/").split()) for c in cells[:width]]
    if not any(cells):
        return ""
    if not any(cells[1:]):  # a title above the table ('Appel à projets 2024 : projets retenus'): its text alone
        return cells[0]
    cells += [""] * (width - len(cells))
    return " | ".join(c or EMPTY for c in cells)


def _lines(rows: list[list[str]]) -> list[str]:
    """The rows of one table as lines, as wide as its widest row (at most MAX_COLUMNS); trailing empty rows cut."""
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    if not rows:
        return []
    width = 0
    for r in rows:
        k = len(r)
        while k and not r[k - 1].strip():
            k -= 1
        width = max(width, k)
    width = min(width, MAX_COLUMNS)
    if width == 1:  # one column: plain lines (a list of names, a text pasted into a sheet)
        return [" ".join(r[0].split()) if r else "" for r in rows]
    return [_line(r, width) for r in rows]


def _delimiter(text: str) -> str:
    """The delimiter of a delimited text: the one that splits most of its first lines into one same number (> 1)
    of fields (on a tie the first of ';' ',' tab '|': French spreadsheets export with ';', decimals with ',')."""
    sample = text.splitlines()[:30]
    best, best_score = None, 0
    for d in _DELIMITERS:
        counts = [len(r) for r in csv.reader(sample, delimiter=d) if any(c.strip() for c in r)]
        wide = [c for c in counts if c > 1]
        if not wide:
            continue
        # the row width most lines share (a title line above the table has one field)
        width = max(set(wide), key=lambda w: (wide.count(w), w))
        score = wide.count(width)
        if score > best_score:
            best, best_score = d, score
    return best or ","


def read_delimited(path: Path, data: bytes):
    from isgraph.ingest import Converted, clean_lines, media_type
    from isgraph.ingest.text import read_text

    decoded = read_text(path, data)  # (UTF-8, cp1252, or UTF-16 with its BOM: Excel's « Texte Unicode » export)
    text, encoding, repaired = decoded.text, decoded.encoding, decoded.repaired_lines
    delim = "\t" if path.suffix.lower() == ".tsv" else _delimiter(text)
    rows: list[list[str]] = []
    try:
        reader = csv.reader(io.StringIO(text), delimiter=delim)
        for row in reader:
            if len(rows) >= MAX_ROWS:
                raise InputError(f"more than {MAX_ROWS} rows", path=path, line=reader.line_num)
            rows.append(row)
    except csv.Error as exc:
        raise InputError(f"not a readable delimited file ({exc})", path=path, line=reader.line_num) from None
    return Converted(text=clean_lines(_lines(rows), max_blank=10**9), media_type=media_type(path), encoding=encoding,
                     repaired_lines=repaired)


def read_xlsx(path: Path, data: bytes):
    import openpyxl

    from isgraph.ingest.office import _check_zip

    _check_zip(path, data, "xl/workbook.xml")
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds (KeyError, ValueError, its own) on broken files
        raise InputError(f"not a readable XLSX file ({type(exc).__name__})", path=path) from None
    try:
        sheets = []
        for ws in wb.worksheets:
            if getattr(ws, "sheet_state", "visible") != "visible":
                continue
            rows = []
            for row in ws.iter_rows(values_only=True):
                if len(rows) >= MAX_ROWS:
                    raise InputError(f"sheet {ws.title!r}: more than {MAX_ROWS} rows", path=path)
                rows.append([_cell_text(v) for v in row[:MAX_COLUMNS]])
            sheets.append((ws.title, _lines(rows)))
    finally:
        wb.close()
    return _workbook(path, sheets)


def read_xls(path: Path, data: bytes):
    """An Excel 97-2003 workbook (many communes still publish their lists so): xlrd, which reads only this format."""
    import xlrd

    if not data.startswith(b"\xd0\xcf\x11\xe0"):  # the OLE2 compound file every .xls is
        raise InputError("not a readable XLS file (no Excel 97-2003 workbook inside; an .xlsx renamed?)", path=path)
    try:
        wb = xlrd.open_workbook(file_contents=data, on_demand=True)
    except Exception as exc:  # xlrd raises its XLRDError, struct / index errors on broken files
        raise InputError(f"not a readable XLS file ({type(exc).__name__})", path=path) from None
    sheets = []
    try:
        for k in range(wb.nsheets):
            ws = wb.sheet_by_index(k)
            if ws.visibility != 0:
                continue
            if ws.nrows > MAX_ROWS:
                raise InputError(f"sheet {ws.name!r}: more than {MAX_ROWS} rows", path=path)
            rows = []
            for r in range(ws.nrows):
                cells = []
                for c in ws.row(r)[:MAX_COLUMNS]:
                    if c.ctype == xlrd.XL_CELL_DATE:
                        try:
                            cells.append(_cell_text(xlrd.xldate.xldate_as_datetime(c.value, wb.datemode)))
                        except (ValueError, OverflowError):
                            cells.append(_cell_text(c.value))
                    elif c.ctype == xlrd.XL_CELL_BOOLEAN:
                        cells.append(_cell_text(bool(c.value)))
                    elif c.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
                        cells.append("")
                    else:
                        cells.append(_cell_text(c.value))
                rows.append(cells)
            sheets.append((ws.name, _lines(rows)))
            wb.unload_sheet(k)
    finally:
        wb.release_resources()
    return _workbook(path, sheets)


def read_ods(path: Path, data: bytes):
    from lxml import etree

    from isgraph.ingest.office import _check_zip

    zf = _check_zip(path, data, "content.xml")
    try:
        root = etree.fromstring(zf.read("content.xml"), etree.XMLParser(resolve_entities=False, no_network=True))
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise InputError(f"not a readable ODS file ({type(exc).__name__})", path=path) from None
    T = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    O = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    sheets = []
    for table in root.iter(f"{{{T}}}table"):
        rows: list[list[str]] = []
        for tr in table.iter(f"{{{T}}}table-row"):
            cells: list[str] = []
            for tc in tr:
                if tc.tag not in (f"{{{T}}}table-cell", f"{{{T}}}covered-table-cell"):
                    continue
                repeat = min(int(tc.get(f"{{{T}}}number-columns-repeated", "1") or 1), MAX_COLUMNS)
                kind = tc.get(f"{{{O}}}value-type")
                if kind in ("float", "currency", "percentage") and tc.get(f"{{{O}}}value") is not None:
                    value = _cell_text(float(tc.get(f"{{{O}}}value")))
                elif kind == "date" and tc.get(f"{{{O}}}date-value"):
                    value = tc.get(f"{{{O}}}date-value")[:10]
                else:
                    value = "\n".join("".join(p.itertext()) for p in tc
                                      if isinstance(p.tag, str) and p.tag.endswith("}p"))
                cells += [value] * repeat
                if len(cells) >= MAX_COLUMNS:
                    break
            repeat_rows = min(int(tr.get(f"{{{T}}}number-rows-repeated", "1") or 1), 1000)
            if not any(c.strip() for c in cells):
                repeat_rows = min(repeat_rows, 1)  # (a sheet's million empty rows written as one repeated row)
            for _ in range(repeat_rows):
                if len(rows) >= MAX_ROWS:
                    raise InputError(f"sheet {table.get(f'{{{T}}}name')!r}: more than {MAX_ROWS} rows", path=path)
                rows.append(list(cells))
        sheets.append((table.get(f"{{{T}}}name") or "", _lines(rows)))
    return _workbook(path, sheets)


def _workbook(path: Path, sheets: list[tuple[str, list[str]]]):
    """The text of a workbook's sheets (name, lines): blank lines kept, so that a row keeps its line."""
    from isgraph.ingest import Converted, clean_lines, media_type

    return Converted(text=clean_lines(_join_sheets(sheets), max_blank=10**9), media_type=media_type(path))


def _join_sheets(sheets: list[tuple[str, list[str]]]) -> list[str]:
    sheets = [(name, lines) for name, lines in sheets if any(ln.strip() for ln in lines)]
    if len(sheets) == 1:
        return sheets[0][1]
    out: list[str] = []
    for name, lines in sheets:
        if out:
            out.append("")
        title = " ".join(name.split()) or "Feuille"
        out.append(f"## {title}")
        out += lines
    return out
