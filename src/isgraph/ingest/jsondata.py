"""Data files as documents: JSON (`.json`, `.geojson`) and JSON Lines (`.jsonl`, `.ndjson`) -> text lines.

Open-data portals publish the lists users hold as JSON as well as CSV: an OpenDataSoft export (a list of flat
records; its API's `{"results": [...]}` or `{"records": [{"fields": {...}}]}`), a CKAN datastore answer
(`{"result": {"records": [...]}}`), a GeoJSON `FeatureCollection` (each feature's `properties`), one record per line
in JSON Lines. A list of records becomes a table, as a CSV file does (`isgraph.ingest.sheets`): a header line of the
field names, then one line per record, cells joined by " | ", an empty value written "–", so that
`extract.tables` reads it like any other table. A record's nested object gives columns named by both keys
('beneficiaire' + 'nom' -> 'beneficiaire nom'), a list of values one cell joined by " ; ", coordinates are left out.

Anything else is written as its structure: a value as a "key : value" line (the labelled card fields the generic
reader knows, 'porteur : …'), a nested object under a heading line of its key ('## partenaires'), a list of
records as a table under its key. Text holding HTML markup (portals keep their descriptions so) is read as text.

Line n of the text of a file holding only a list of records is record n - 1 (line 1 is the header); an API answer
wrapping its records writes its title and publisher above the table (`_metadata`: the body a call's results come
from). For JSON Lines, record k of the file is line k + 1 of the text when the file has no blank line."""

from __future__ import annotations

import json
import re
from pathlib import Path

from isgraph.errors import InputError
from isgraph.ingest.sheets import EMPTY, MAX_COLUMNS, MAX_ROWS, _cell_text

MAX_DEPTH = 12  # deeper nesting is not a document anyone reads: written as its JSON text
# keys under which an API answer holds its list of records (OpenDataSoft v1 / v2, CKAN, GeoJSON, generic APIs)
_WRAPPERS = ("results", "records", "features", "data", "items", "rows", "hits", "result", "values", "entries")
# keys of a record that wrap its fields (OpenDataSoft v1 'fields', v2.0 'record' -> 'fields', GeoJSON 'properties')
_FIELDS = ("fields", "properties")
# fields that are a record's technical identity or geometry, never read
_TECHNICAL = frozenset({"datasetid", "recordid", "record_timestamp", "geometry", "geo_shape", "geo_point_2d",
                        "_id", "_links", "links", "type", "bbox"})
_HTML = re.compile(r"</?(?:p|br|div|span|strong|b|i|em|a|ul|ol|li|h[1-6]|table|tr|td)\b[^>]*>", re.IGNORECASE)
_BLOCK_TAGS = re.compile(r"<(?:br|/p|/div|/li|/h[1-6]|/tr)\b[^>]*>", re.IGNORECASE)


def read_json(path: Path, data: bytes):
    from isgraph.ingest import Converted, clean_lines, media_type
    from isgraph.ingest.text import read_text

    decoded = read_text(path, data)
    text = decoded.text.lstrip("\ufeff")
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"not a readable JSON file ({exc.msg}, column {exc.colno})", path=path,
                         line=exc.lineno) from None
    except RecursionError:
        raise InputError("not a readable JSON file (nested too deeply)", path=path) from None
    records = _record_list(value)
    lines = _metadata(value) + _table(records, path) if records is not None else _structure(value, path)
    return Converted(text=clean_lines(lines, max_blank=10**9), media_type=media_type(path), encoding=decoded.encoding,
                     repaired_lines=decoded.repaired_lines)


def read_json_lines(path: Path, data: bytes):
    """JSON Lines: one record (a JSON object) per line; blank lines are allowed."""
    from isgraph.ingest import Converted, clean_lines, media_type
    from isgraph.ingest.text import read_text

    decoded = read_text(path, data)
    records: list[dict] = []
    for number, line in enumerate(decoded.text.lstrip("\ufeff").split("\n"), 1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"not a readable JSON Lines file ({exc.msg}, column {exc.colno})", path=path,
                             line=number) from None
        except RecursionError:
            raise InputError("not a readable JSON Lines file (nested too deeply)", path=path, line=number) from None
        if not isinstance(value, dict):
            raise InputError(f"not a JSON Lines file of records (a {_kind(value)} instead of an object)", path=path,
                             line=number)
        records.append(value)
    return Converted(text=clean_lines(_table(records, path), max_blank=10**9), media_type=media_type(path),
                     encoding=decoded.encoding, repaired_lines=decoded.repaired_lines)


# an API answer's own description of its records, written above their table: who publishes them (the body that
# grants what the records list, as a CSV file's name may say) and what they are
_TITLE_KEYS = ("title", "titre", "dataset_title", "name", "nom", "label", "libelle", "libellé")
_META_KEYS = ("description", "producer", "producteur", "publisher", "editeur", "éditeur", "organization",
              "organisation", "organisme", "attribuant", "nomattribuant", "source", "author", "auteur")
META_MAX = 300  # longer values (a dataset's whole notice) are not a description line


def _metadata(value) -> list[str]:
    """The title line and 'key : value' lines of a wrapper object's metadata (`_TITLE_KEYS`, `_META_KEYS`: text
    values only, in the file's order), then a blank line; none for a bare list of records. With these lines, line
    n of the text is record n - 1 - (the number of metadata lines)."""
    if not isinstance(value, dict):
        return []
    keys = {str(k).strip().lower(): k for k in value}
    texts = {k: " ".join(value[orig].split()) for k, orig in keys.items()
             if isinstance(value[orig], str) and 0 < len(value[orig].strip()) <= META_MAX and not _HTML.search(value[orig])}
    title = next((texts[k] for k in _TITLE_KEYS if k in texts), None)
    lines = [title] if title else []
    lines += [f"{keys[k]} : {texts[k]}" for k in keys if k in texts and k in _META_KEYS]
    return lines + [""] if lines else []


def _kind(value) -> str:
    return {list: "list", str: "string", bool: "boolean", type(None): "null"}.get(type(value), "number")


def _record_list(value, depth: int = 0) -> list[dict] | None:
    """The records of a file that is (or wraps) one list of records, else None (the file is written as its
    structure). A wrapper is an object whose only list of objects is under a known key ('results', 'records',
    'features', …), its other values metadata (counts, links, parameters)."""
    if isinstance(value, list):
        objects = [v for v in value if isinstance(v, dict)]
        return objects if objects and len(objects) * 2 >= len(value) else None
    if not isinstance(value, dict) or depth >= 2:
        return None
    inner = [k for k, v in value.items() if isinstance(v, (list, dict)) and _holds_records(v)]
    if len(inner) == 1 and inner[0].lower() in _WRAPPERS:
        return _record_list(value[inner[0]], depth + 1)
    return None


def _holds_records(value) -> bool:
    if isinstance(value, list):
        return any(isinstance(v, dict) for v in value)
    return any(isinstance(v, list) and any(isinstance(x, dict) for x in v) for v in value.values())


def _fields(record: dict) -> dict:
    """A record's own fields: inside its 'fields' / 'properties' wrapper (OpenDataSoft, GeoJSON) when it has one."""
    inner = record.get("record") if isinstance(record.get("record"), dict) else record
    for key in _FIELDS:
        if isinstance(inner.get(key), dict):
            return inner[key]
    return record


def _flat(record: dict, prefix: str = "", depth: int = 0) -> dict[str, str]:
    """A record as {column: cell text}: nested objects flattened ('a' + 'b' -> 'a b'), coordinates left out."""
    out: dict[str, str] = {}
    for key, value in record.items():
        key = " ".join(str(key).split())
        if not key or (not prefix and key.lower() in _TECHNICAL):
            continue
        name = f"{prefix} {key}" if prefix else key
        if isinstance(value, dict):
            if _is_geometry(value) or depth >= MAX_DEPTH:
                continue
            out.update(_flat(value, name, depth + 1))
        else:
            out[name] = _value_text(value, depth)
    return out


def _is_geometry(value: dict) -> bool:
    keys = {k.lower() for k in value}
    return bool(keys) and (keys <= {"lon", "lat", "lng", "latitude", "longitude", "x", "y"}
                           or ("coordinates" in keys and "type" in keys))


def _value_text(value, depth: int = 0) -> str:
    if isinstance(value, str):
        return _plain(value)
    if isinstance(value, list):
        if depth >= MAX_DEPTH:
            return ""
        parts = []
        for v in value:
            if isinstance(v, dict):
                if not _is_geometry(v):
                    parts.append(", ".join(t for t in _flat(v, depth=depth + 1).values() if t))
            else:
                parts.append(_value_text(v, depth + 1))
        return " ; ".join(p for p in parts if p)
    if isinstance(value, dict):
        return ", ".join(t for t in _flat(value, depth=depth + 1).values() if t)
    return _cell_text(value)


def _plain(text: str) -> str:
    """A string value as one line of text (markup read as text, line breaks as spaces)."""
    if _HTML.search(text):
        import html

        text = html.unescape(re.sub(r"<[^>]*>", "", _BLOCK_TAGS.sub(" ", text)))
    return " ".join(text.split())


def _table(records: list[dict], path: Path) -> list[str]:
    if len(records) > MAX_ROWS:
        raise InputError(f"more than {MAX_ROWS} records", path=path)
    rows = [_flat(_fields(r)) for r in records]
    columns: dict[str, None] = {}
    for row in rows:
        for name in row:
            if name not in columns and len(columns) < MAX_COLUMNS:
                columns[name] = None
    names = [n for n in columns if any(row.get(n) for row in rows)]  # (a column empty in every record: left out)
    if not names:
        return []
    if len(names) == 1:  # one field: plain lines, as a one-column sheet
        return [names[0]] + [row.get(names[0], "") for row in rows]
    return [_row(names)] + [_row([row.get(n, "") for n in names]) for row in rows]


def _row(cells: list[str]) -> str:
    cells = [" ".join(c.replace("|", "/").split()) for c in cells]
    return " | ".join(c or EMPTY for c in cells) if any(cells) else ""


def _structure(value, path: Path, key: str | None = None, depth: int = 0) -> list[str]:
    """A value that is no list of records, as lines: 'key : value', nested objects under '## key' headings."""
    if depth > MAX_DEPTH:
        return [f"{_label(key)} : {json.dumps(value, ensure_ascii=False)}"] if key else []
    head = [f"{'#' * min(depth + 1, 6)} {_label(key)}"] if key is not None and depth else []  # (a nested value's key)
    if isinstance(value, dict):
        lines: list[str] = []
        nested: list[str] = []
        for k, v in value.items():
            if (str(k).lower() in _TECHNICAL and str(k).lower() != "type") or (isinstance(v, dict) and _is_geometry(v)):
                continue
            if isinstance(v, dict) or (isinstance(v, list) and any(isinstance(x, (dict, list)) for x in v)):
                nested += [""] + _structure(v, path, str(k), depth + 1)
            else:
                text = _value_text(v, depth)
                if text:
                    lines.append(f"{_label(k)} : {text}")
        return head + lines + nested
    if isinstance(value, list):
        records = [v for v in value if isinstance(v, dict)]
        if records and len(records) * 2 >= len(value):
            table = _table(records, path)
            if table and " | " not in table[0]:  # one field ('partenaires': [{"nom": …}, …]): a list of items
                return head + [f"• {t}" for t in table[1:] if t]
            return head + table
        out = head[:]
        for v in value:
            if isinstance(v, (dict, list)):
                out += [""] + _structure(v, path, None, depth + 1)
            else:
                text = _value_text(v, depth)
                if text:
                    out.append(f"• {text}")
        return out
    text = _value_text(value, depth)
    return [f"{_label(key)} : {text}" if key else text] if text else []


def _label(key) -> str:
    """A key as a label: 'nom_porteur', 'nomPorteur' -> 'nom porteur' (the card labels are words)."""
    words = re.sub(r"(?<=[a-zà-ÿ])(?=[A-Z])|[_]+", " ", str(key)).split()
    return " ".join(words) or "–"
