"""Generic mentions: names that designate a category of bodies ("Associations", "Communes du Parc", "Région" with
no région, "l'État", "fonds européens"), not one identified organisation.

A generic mention is never an ``isg:Acteur``: the graph records it on the participation node itself, an
``isg:Role`` with ``isg:mentionGenerique`` (the name as written) and ``isg:categorieActeur`` (the type concept of
the ``typ:`` scheme when known), and no ``isg:acteur`` nor direct triple (``isg:financePar`` ranges over
``isg:Financeur``). So generic words stay out of actor counts, funder rankings and co-partnership queries, while
the fact that "the communes" fund an initiative is kept with its provenance.

A mention is generic when, after the actor resolver had its chance (``actors.resolve_name``: "la Région" in a
card that names one région is that Région, "CAF 36" is the CAF de l'Indre):

1. it equals an entry of ``data/generic_categories.tsv`` ("État", "Europe", "fonds européens");
2. it starts with a generic head word or an unnamed organisation type (``extract.common.is_generic``:
   "associations locales", "Communes du Parc", "EPCI");
3. it is a région / département cue with no resolvable name ("Région", "Conseil départemental", "région Rhône"
   cut by the layout): the body cannot be identified.

Everything is read from the data files; nothing here knows a particular document.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from functools import lru_cache

from isgraph import paths
from isgraph.normalize import fold

CATEGORIES_FILE = paths.DATA_DIR / "generic_categories.tsv"
CATEGORIES_HEADER = ("mention", "type")
NAMED_RULES = ("alias", "organisme", "collectivite", "contexte")  # resolutions that identify one body


@dataclass(frozen=True)
class GenericMention:
    """A generic mention as written (cleaned) and the type code of its category (typ: scheme) when known."""

    label: str
    type_code: str | None
    reason: str  # "liste", "categorie", "collectivite-non-identifiee"


@lru_cache(maxsize=1)
def categories() -> dict[str, str]:
    """Folded mention -> type code, from data/generic_categories.tsv."""
    from isgraph.resolve.actors import read_table

    return {fold(m): t for m, t in read_table(CATEGORIES_FILE, CATEGORIES_HEADER).rows}


def _category_of(cleaned: str) -> str | None:
    from isgraph.extract.common import _content_tokens, organisation_type

    table = categories()
    toks = _content_tokens(cleaned)
    for n in range(len(toks), 0, -1):  # the longest leading words with an entry ("fonds européens" before "fonds")
        code = table.get(" ".join(t[1] for t in toks[:n]))
        if code:
            return code
    return organisation_type(cleaned)


@lru_cache(maxsize=20000)
def classify(cleaned: str, context=None) -> GenericMention | None:
    """The generic mention of a cleaned actor name (``actors.clean_actor_name``), or None when it names a body.

    ``context`` is the initiative's ``territories.ResolveContext``: "Région" alone is generic only when the
    context does not single out one région (``actors.resolve_name``).
    """
    from isgraph.resolve.actors import _cue, resolve_name
    from isgraph.extract.common import is_generic

    key = fold(cleaned)
    if not key:
        return None
    if key in categories():
        return GenericMention(cleaned, categories()[key], "liste")
    res = resolve_name(cleaned, context)
    if res.rule in NAMED_RULES:
        return None
    if is_generic(cleaned):
        return GenericMention(cleaned, _category_of(cleaned), "categorie")
    found = _cue(key)
    if found is not None and found[0].role in ("region", "departement"):
        # a région / département is a closed list: a cue whose name did not resolve names no identified body
        return GenericMention(cleaned, found[0].role, "collectivite-non-identifiee")
    return None


def check_data_file() -> list[str]:
    """Problems of data/generic_categories.tsv (canonical form, known type codes)."""
    from rdflib import Graph, URIRef
    from rdflib.namespace import SKOS

    from isgraph.resolve.actors import canonical_table_text, read_table
    from isgraph.errors import ResourceError
    from isgraph.namespaces import TYP

    try:
        table = read_table(CATEGORIES_FILE, CATEGORIES_HEADER)
    except ResourceError as exc:
        return [exc.one_line()]
    problems = []
    if CATEGORIES_FILE.read_text(encoding="utf-8") != canonical_table_text(table):
        problems.append(f"{CATEGORIES_FILE}: not in canonical form (sorted by folded mention, no duplicates)")
    schemes = Graph().parse(paths.ONTOLOGY_DIR / "schemes.ttl", format="turtle")
    known = {str(c)[len(str(TYP)):] for c in schemes.subjects(SKOS.inScheme, URIRef(str(TYP)))}
    for (mention, code), line in zip(table.rows, table.lines):
        if code not in known:
            problems.append(f"{CATEGORIES_FILE}:{line}: type {code!r} is not a concept of the typ: scheme")
    return problems


if __name__ == "__main__":  # pragma: no cover
    found = check_data_file()
    for p in found:
        print(p, file=sys.stderr)
    sys.exit(1 if found else 0)
