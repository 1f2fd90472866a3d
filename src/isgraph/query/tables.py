"""Query results for people: labels instead of IRIs, French column headings, amounts, terminal width.

``isgraph query`` prints ``table`` and ``markdown`` through this module; ``csv`` and ``json`` stay the raw SPARQL
results (variable names, IRIs) for programs. In the human formats:

- an IRI column described by a label column (``financeur`` / ``financeurLabel``) is hidden unless ``--iris``;
  other IRIs are shown by their label read from the graph (rdfs:label, skos:prefLabel), else prefixed (``theme:…``);
- headings come from ``data/colonnes.tsv`` (``montantConnu`` -> "montant connu (€)");
- empty amounts (unbound, or a total of no declared amount) are "–", amounts are grouped by thousands ("1 500 000");
- the table is fitted to the terminal width: the widest columns are cut with "…".
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from rdflib import Literal, URIRef

from isgraph import paths

COLUMNS_FILE = paths.DATA_DIR / "colonnes.tsv"
COLUMNS_HEADER = ("variable", "colonne", "label_of")
EMPTY = "–"
DECLARED = "montantsDeclares"  # how many amounts a row's total is made of: none -> the total is shown "–", not 0
MIN_COLUMN = 6


@lru_cache(maxsize=1)
def column_table() -> dict[str, tuple[str, str | None]]:
    from isgraph.resolve.actors import read_table

    return {v: (c, None if o == "-" else o) for v, c, o in read_table(COLUMNS_FILE, COLUMNS_HEADER).rows}


def heading(var: str) -> str:
    known = column_table().get(var)
    if known:
        return known[0]
    base = var[:-5] if var.endswith("Label") and len(var) > 5 else var
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", base).lower()


def described_by(var: str, variables: list[str]) -> str | None:
    """The IRI column a label column describes, when it is in the result."""
    known = column_table().get(var)
    target = known[1] if known else (var[:-5] if var.endswith("Label") else None)
    return target if target in variables else None


def _is_amount(var: str) -> bool:
    return var.lower().startswith("montant") and not var.lower().startswith("montantsdeclares")


def format_amount(value: str) -> str:
    try:
        d = Decimal(value)
    except (InvalidOperation, ValueError):
        return value
    text = format(d.quantize(Decimal(1)) if d == d.to_integral_value() else d, "f")
    whole, _, frac = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = whole.lstrip("-")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return sign + "\u202f".join(groups) + ("," + frac if frac else "")


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]


def labels_of(iris: set[URIRef], run_select: Callable[[str], list[list[object]]] | None) -> dict[URIRef, str]:
    """rdfs:label / skos:prefLabel (French first) of these IRIs, read from the graph in one query."""
    if not iris or run_select is None:
        return {}
    values = " ".join(f"<{i}>" for i in sorted(iris))
    rows = run_select(
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
        f"SELECT ?s ?l WHERE {{ VALUES ?s {{ {values} }} {{ ?s rdfs:label ?l }} UNION {{ ?s skos:prefLabel ?l }} }}")
    out: dict[URIRef, tuple[int, str]] = {}
    for s, label in rows:
        if isinstance(s, URIRef) and label is not None:
            rank = 0 if getattr(label, "language", None) == "fr" else 1
            if s not in out or (rank, str(label)) < out[s]:
                out[s] = (rank, str(label))
    return {s: v[1] for s, v in out.items()}


def for_people(result, run_select=None, iris: bool = False) -> Table:
    """The result as a table of strings for people (see the module docstring)."""
    from isgraph.query.queries import _short

    variables = list(result.variables)
    hidden = set()
    if not iris:
        hidden = {described_by(v, variables) for v in variables} - {None}
    shown = [v for v in variables if v not in hidden]
    idx = [variables.index(v) for v in shown]
    loose = set()
    if not iris:
        loose = {row[i] for row in result.rows for i in idx if isinstance(row[i], URIRef)}
    names = labels_of(loose, run_select)
    declared = variables.index(DECLARED) if DECLARED in variables else None
    rows = []
    for row in result.rows:
        cells = []
        none_declared = declared is not None and str(row[declared] or "0") == "0"
        for v, i in zip(shown, idx):
            term = row[i]
            if term is None or (none_declared and _is_amount(v)):
                cells.append(EMPTY if _is_amount(v) else "")
            elif isinstance(term, URIRef):
                cells.append(names.get(term) or _short(str(term)))
            elif _is_amount(v) and isinstance(term, Literal):
                cells.append(format_amount(str(term)))
            else:
                cells.append(str(term))
        rows.append(cells)
    return Table([heading(v) for v in shown], rows)


def fit(widths: list[int], total: int, sep: int = 3) -> list[int]:
    """Column widths whose sum (with separators) fits `total`, cutting the widest first (never below MIN_COLUMN)."""
    widths = list(widths)
    budget = total - sep * (len(widths) - 1)
    while sum(widths) > budget:
        widest = max(range(len(widths)), key=lambda i: (widths[i], -i))
        if widths[widest] <= MIN_COLUMN:
            break
        widths[widest] -= 1
    return widths


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def render_table(table: Table, width: int | None = None) -> str:
    width = width or shutil.get_terminal_size((100, 24)).columns
    natural = [max([len(h)] + [len(r[i]) for r in table.rows]) for i, h in enumerate(table.headers)]
    widths = fit(natural, width)
    numeric = [bool(table.rows) and all(re.fullmatch(r"[-\d\u202f,.–]*", r[i]) for r in table.rows)
               for i in range(len(widths))]

    def line(cells):
        out = []
        for c, w, num in zip(cells, widths, numeric):
            c = _cut(c, w)
            out.append(c.rjust(w) if num else c.ljust(w))
        return " | ".join(out).rstrip()

    parts = [line(table.headers), "-+-".join("-" * w for w in widths)]
    parts += [line(r) for r in table.rows]
    n = len(table.rows)
    parts.append(f"({n} ligne{'s' if n != 1 else ''})")
    return "\n".join(parts) + "\n"


def render_markdown(table: Table) -> str:
    def esc(c: str) -> str:
        return c.replace("|", "\\|").replace("\n", " ")

    parts = ["| " + " | ".join(esc(h) for h in table.headers) + " |",
             "|" + "|".join("---" for _ in table.headers) + "|"]
    parts += ["| " + " | ".join(esc(c) for c in r) + " |" for r in table.rows]
    return "\n".join(parts) + "\n"
