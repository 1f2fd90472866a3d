"""Actor resolution: names as written -> one canonical actor per real organisation.

Rules, in order, on the written form cleaned of quotes, articles and layout noise:

1. **alias table** (`data/actor_aliases.tsv`, alias -> canonical name): well-known national bodies ("Agence de la
   transition écologique" -> ADEME, "FDF" -> Fondation de France);
2. **territorial bodies** (`data/actor_bodies.tsv`): a network acronym or long name followed by a département or
   région ("CAF 36", "CAF de l'Indre", "Caisse d'allocations familiales de l'Indre" -> CAF de l'Indre). The acronym
   alone ("CAF") is a different, unspecified actor: it is never merged with a territorial one;
3. **collectivités** (`data/actor_collectivities.tsv`): "Ville de X", "Mairie de X", "Conseil départemental du Nord",
   "CD 59", "CR GRAND EST", "Région Limousin", "CC Mad et Moselle", "CCAS d'Amiens", "PNR de Chartreuse", and a bare
   official name ("BEAUVAIS", "Hauts-de-France") are resolved through the gazetteer (`isgraph.resolve.territories`): the
   canonical name and the IRI come from the territory ("Département du Nord", acteur/departement-du-nord) and the
   actor is linked to it (`isg:territoireDe`). "Région" / "Département" written alone take their territory from the
   initiative's places only when a context is given and singles one out (see `resolve_name`);
4. otherwise the identity is the folded name without articles.

Actors with the same key are one node; the other spellings become skos:altLabel.  The IRI slug is derived from the
key (the territory's official name for collectivités and territorial bodies), never from the order in which
documents are read, so adding documents never changes an existing actor's IRI.

`python -m isgraph.resolve.actors --fix` rewrites the data files in canonical form (sorted, no duplicates); `--check`
reports what would change (tests/test_actors.py runs the check).
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from isgraph import paths
from isgraph.errors import ResourceError
from isgraph.normalize import clean_text, fold, slugify

ALIASES_FILE = paths.ACTOR_ALIASES_FILE
COLLECTIVITIES_FILE = paths.ACTOR_COLLECTIVITIES_FILE
BODIES_FILE = paths.ACTOR_BODIES_FILE
FIX_COMMAND = "python -m isgraph.resolve.actors --fix"

# '18 000 € à l'association X', '… au CCAS de Y': the preposition of a grant list is not part of the name
# (a word article needs its space: 'auto-école …', 'laboratoire …' keep their first letters)
_LEADING_ARTICLE = re.compile(r"^(?:(?:à\s+la|à|la|le|les|du|des|de\s+la|de|aux?|avec)\s+|(?:à\s+l|l|de\s+l|d)['’]\s*)"
                              r"(?=\S)", re.IGNORECASE)
_TRAILING_AMOUNT = re.compile(r"\s+[–—-]\s*\d[\d\s.,  ]*(?:€|euros?|k€|M€)?$")
_WRAPPING = re.compile(r"^[\s«»\"'“”(\[]+|[\s«»\"'“”)\].,;:]+$")
# 'Région Grand Est – Direction de l'agriculture', 'Département de l'Ardèche - Subventions': a public body's service
# or a sheet's subject after a dash; the body is the actor (when it is one: _PUBLIC_TYPES)
_SERVICE_SUFFIX = re.compile(r"^(?P<body>.{4,}?)\s+[–—-]\s+(?:Directions?|Services?|Pôle|Délégation|Mission|Cabinet|"
                             r"Bureau|Division|Unité|Secrétariat|Subventions?|Aides?|Dispositifs?)\b.*$", re.IGNORECASE)
_PUBLIC_TYPES = frozenset({"region", "departement", "commune", "epci", "collectivite", "etat", "caf", "parc",
                           "syndicat-mixte", "etablissement-public", "europe"})
# 'Organisme logeur « Reims Habitat »' -> 'Reims Habitat': a descriptor before a quoted proper name
_QUOTED_NAME = re.compile(r"^[^«“\"]{2,40}?\s*[«“\"]\s*(?P<name>[^«»“”\"]{2,}?)\s*[»”\"]?$")


def clean_actor_name(name: str) -> str:
    """'la Caisse d’Allocations Familiales,' -> "Caisse d'Allocations Familiales"."""
    name = _WRAPPING.sub("", clean_text(name))
    m = _QUOTED_NAME.match(name)
    if m and m.group("name")[:1].isupper():
        name = m.group("name")
    previous = None
    while previous != name:
        previous = name
        stripped = _LEADING_ARTICLE.sub("", name, count=1)
        # keep articles that are part of a proper name written with a capital ("La Fabrique", "Les Amis de ...")
        if stripped != name and name[:1].isupper() and not name.lower().startswith(
                ("du ", "des ", "de ", "d'", "avec ", "à la ", "à l'", "à l’")):
            break
        name = stripped
    name = _WRAPPING.sub("", name)
    name = _TRAILING_AMOUNT.sub("", name)  # 'association X – 12 000' (a list's amount column, its € read apart)
    service = _SERVICE_SUFFIX.match(name)
    if service and organisation_type(service.group("body")) in _PUBLIC_TYPES:
        name = service.group("body")
    if name.count("(") > name.count(")"):
        name += ")"  # "CCAS de Saint-Laurent du Maroni (Guyane)": the wrapping (or a list split) cut the ")"
    return name


# ---- data files ---------------------------------------------------------------------------------------------------
def sort_key(text: str) -> str:
    """Sort order of the data files: lower case without accents (punctuation kept)."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


@dataclass(frozen=True)
class Table:
    """A curated TSV: '#' comment lines, a header row, data rows (cells stripped)."""

    path: Path
    comments: tuple[str, ...]
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    lines: tuple[int, ...]  # 1-based line number of each row


def read_table(path: Path, header: tuple[str, ...]) -> Table:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ResourceError("data file missing", path=path) from None
    comments, rows, lines = [], [], []
    seen_header = None
    for i, raw in enumerate(text.splitlines(), start=1):
        if raw.startswith("#"):
            comments.append(raw)
            continue
        if not raw.strip():
            continue
        cells = tuple(c.strip() for c in raw.split("\t"))
        if seen_header is None:
            if cells != header:
                raise ResourceError(f"expected the header {' / '.join(header)}", path=path, line=i)
            seen_header = cells
            continue
        if len(cells) != len(header) or not all(cells):
            raise ResourceError(f"expected {len(header)} non-empty tab-separated columns", path=path, line=i)
        rows.append(cells)
        lines.append(i)
    if seen_header is None:
        raise ResourceError(f"expected the header {' / '.join(header)}", path=path)
    return Table(path, tuple(comments), header, tuple(rows), tuple(lines))


def canonical_table_text(table: Table) -> str:
    """The file text in canonical form: comments, header, rows sorted by folded first column, without duplicates."""
    rows = sorted(set(table.rows), key=lambda r: (sort_key(r[0]), r))
    out = list(table.comments) + ["\t".join(table.header)] + ["\t".join(r) for r in rows]
    return "\n".join(out) + "\n"


ALIASES_HEADER = ("alias", "canonical")
COLLECTIVITIES_HEADER = ("cue", "role", "alone")
BODIES_HEADER = ("acronym", "scopes", "form", "names")
DATA_TABLES = ((ALIASES_FILE, ALIASES_HEADER), (COLLECTIVITIES_FILE, COLLECTIVITIES_HEADER),
               (BODIES_FILE, BODIES_HEADER))
WORD_LISTS = (paths.LINK_ORGANISATIONS_FILE,)


def canonical_word_list_text(path: Path) -> str:
    """A word list in canonical form: leading '#' comments, then the entries sorted by folded form, unique."""
    lines = path.read_text(encoding="utf-8").splitlines()
    comments = [ln for ln in lines if ln.startswith("#")]
    entries = {ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")}
    return "\n".join(comments + sorted(entries, key=lambda e: (sort_key(e), e))) + "\n"


ROLES = ("commune", "ccas", "cias", "departement", "region", "epci", "pnr")
SCOPES = ("departement", "region")


@lru_cache(maxsize=1)
def alias_table() -> dict[str, str]:
    """Folded alias -> canonical name, from data/actor_aliases.tsv (canonical names map to themselves)."""
    table: dict[str, str] = {}
    if not ALIASES_FILE.exists():
        return table
    for alias, canonical in read_table(ALIASES_FILE, ALIASES_HEADER).rows:
        table[fold(alias)] = canonical
        table.setdefault(fold(canonical), canonical)
    return table


@dataclass(frozen=True)
class Cue:
    words: str  # folded
    role: str
    alone: bool  # "la Région" alone may take its territory from the context


@lru_cache(maxsize=1)
def collectivity_cues() -> tuple[Cue, ...]:
    """Collectivity cues, longest first."""
    table = read_table(COLLECTIVITIES_FILE, COLLECTIVITIES_HEADER)
    cues = []
    for (cue, role, alone), line in zip(table.rows, table.lines):
        if role not in ROLES or alone not in ("contexte", "-"):
            raise ResourceError(f"role must be one of {', '.join(ROLES)} and alone 'contexte' or '-'",
                                path=table.path, line=line)
        cues.append(Cue(fold(cue), role, alone == "contexte"))
    return tuple(sorted(cues, key=lambda c: (-len(c.words), c.words)))


@dataclass(frozen=True)
class Body:
    acronym: str
    scopes: tuple[str, ...]
    form: str  # "de" or "nom"
    names: tuple[str, ...]  # folded acronym and long names


@lru_cache(maxsize=1)
def territorial_bodies() -> tuple[Body, ...]:
    table = read_table(BODIES_FILE, BODIES_HEADER)
    bodies = []
    for (acronym, scopes, form, names), line in zip(table.rows, table.lines):
        scope_list = tuple(s.strip() for s in scopes.split(","))
        if not set(scope_list) <= set(SCOPES) or form not in ("de", "nom"):
            raise ResourceError("scopes must be departement and/or region, form 'de' or 'nom'", path=table.path,
                                line=line)
        folded = (fold(acronym), *(fold(n) for n in names.split("|") if n.strip()))
        bodies.append(Body(acronym, scope_list, form, folded))
    return tuple(bodies)


def check_data_files() -> list[str]:
    """Problems of the data files (empty list when canonical and consistent)."""
    problems = []
    for path, header in DATA_TABLES:
        try:
            table = read_table(path, header)
        except ResourceError as exc:
            problems.append(exc.one_line())
            continue
        if path.read_text(encoding="utf-8") != canonical_table_text(table):
            problems.append(f"{path}: not in canonical form (sorted by folded first column, no duplicates); "
                            f"run: {FIX_COMMAND}")
        keys = [fold(r[0]) for r in table.rows]
        dups = sorted({k for k in keys if keys.count(k) > 1})
        if dups:
            problems.append(f"{path}: duplicate entries {dups}")
    for path in WORD_LISTS:
        if path.read_text(encoding="utf-8") != canonical_word_list_text(path):
            problems.append(f"{path}: not in canonical form (sorted by folded entry, no duplicates); "
                            f"run: {FIX_COMMAND}")
    from isgraph.resolve import linking

    try:
        cache = linking.read_cache(paths.LINK_CACHE_FILE)
        if paths.LINK_CACHE_FILE.read_text(encoding="utf-8") != linking.cache_text(cache.values()):
            problems.append(f"{paths.LINK_CACHE_FILE}: not in canonical form (sorted by kind and key); "
                            f"run: {FIX_COMMAND}")
    except (ResourceError, FileNotFoundError) as exc:
        problems.append(str(exc))
    try:
        aliases = read_table(ALIASES_FILE, ALIASES_HEADER).rows
    except ResourceError:
        return problems
    folded_aliases = {fold(a) for a, _ in aliases}
    for alias, canonical in aliases:
        if fold(alias) == fold(canonical):
            problems.append(f"{ALIASES_FILE}: alias {alias!r} is its own canonical name")
        if fold(canonical) in folded_aliases:
            problems.append(f"{ALIASES_FILE}: canonical {canonical!r} is itself an alias (chain)")
    return problems


def fix_data_files() -> list[Path]:
    """Rewrite the data files in canonical form; returns the files changed."""
    changed = []
    for path, header in DATA_TABLES:
        table = read_table(path, header)
        text = canonical_table_text(table)
        if path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    for path in WORD_LISTS:
        text = canonical_word_list_text(path)
        if path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    from isgraph.resolve import linking

    if linking.fix_cache(paths.LINK_CACHE_FILE):
        changed.append(paths.LINK_CACHE_FILE)
    return changed


# ---- territories: names and liaisons ------------------------------------------------------------------------------
# INSEE "type de nom en clair" (TNCC) -> the particle before the name ("du Nord", "de la Drôme", "de l'Indre")
_LIAISON = {"0": "de ", "1": "d'", "2": "du ", "3": "de la ", "4": "des ", "5": "de l'", "6": "des ", "7": "de las ",
            "8": "de los "}
_VOWELS = "AEIOUYÂÊÎÔÛÉÈËÏÖÜŒ"


@lru_cache(maxsize=1)
def _tncc() -> dict[str, str]:
    """'departement-59' / 'region-32' -> TNCC, from the gazetteer's type_liaison columns."""
    out = {}
    for name, kind in (("departements.tsv", "departement"), ("regions.tsv", "region")):
        lines = (paths.GAZETTEER_DIR / name).read_text(encoding="utf-8").splitlines()
        head = lines[0].split("\t")
        col = head.index("type_liaison")
        for line in lines[1:]:
            cells = line.split("\t")
            out[f"{kind}-{cells[0].lower()}"] = cells[col]
    return out


@lru_cache(maxsize=1)
def _merged_regions() -> frozenset[str]:
    """Current régions made of several pre-2016 régions ("Région" alone before 2016 meant the old one)."""
    lines = (paths.GAZETTEER_DIR / "anciennes_regions.tsv").read_text(encoding="utf-8").splitlines()
    head = lines[0].split("\t")
    reg, same = head.index("region"), head.index("identique")
    return frozenset(c[reg] for c in (ln.split("\t") for ln in lines[1:]) if c[same] == "0")


def de_name(territory) -> str:
    """'du Nord', "de l'Indre", "d'Amiens", 'du Havre', 'de La Rochelle' (the particle before a territory name)."""
    label = territory.label
    tncc = _tncc().get(territory.iri_slug)
    if tncc in _LIAISON:
        return _LIAISON[tncc] + label
    if label.startswith("Le "):
        return "du " + label[3:]
    if label.startswith("Les "):
        return "des " + label[4:]
    if label[:1].upper() in _VOWELS:
        return "d'" + label
    return "de " + label


_EPCI_PREFIXES = (("CC ", "Communauté de communes "), ("CA ", "Communauté d'agglomération "),
                  ("CU ", "Communauté urbaine "))


def epci_name(territory) -> str:
    """Official EPCI name with its abbreviation spelled out: 'CC Mad et Moselle' -> 'Communauté de communes Mad et
    Moselle' ('CA Communauté Paris-Saclay' -> 'Communauté Paris-Saclay')."""
    label = territory.label
    for short, long in _EPCI_PREFIXES:
        if label.startswith(short):
            rest = label[len(short):]
            return rest if rest.startswith("Communauté") else long + rest
    return label


# ---- resolution -----------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Resolution:
    """How one written name resolves: the actor identity, its canonical name, the territory it governs."""

    key: str  # identity: folded canonical name, or "role:territory-slug" for collectivités and territorial bodies
    slug: str
    canonical: str | None = None  # canonical name, when a rule or the alias table gives one
    territory: object | None = None  # Territory governed (isg:territoireDe): collectivités, CCAS, Parcs
    type_code: str | None = None  # forced type code of the typ: scheme (collectivités)
    rule: str = "nom"  # which rule resolved it: alias, organisme, collectivite, contexte, nom


_ARTICLE_WORDS = ("l", "d", "la", "le", "les", "de", "du", "des")
_PARTICLE = re.compile(r"^(?:de la|de l|du|des|de|d|en) ")
_DEP_CODE = re.compile(r"^(?:\d{2,3}|2a|2b)$")
_EPCI_WORDS = frozenset({"communaute", "communautes", "metropole", "agglomeration", "agglo", "eurometropole"})
ROLE_TYPES = {"commune": "commune", "ccas": "ccas", "cias": "ccas", "departement": "departement", "region": "region",
              "epci": "epci", "pnr": "parc"}
ROLE_KINDS = {"commune": ("commune",), "ccas": ("commune",), "cias": ("epci",), "departement": ("departement",),
              "region": ("region", "ancienne-region"), "epci": ("epci",), "pnr": ("pnr",)}


def canonical_name(name: str) -> str:
    """The canonical name of a written actor name (no context)."""
    cleaned = clean_actor_name(name)
    return resolve_name(cleaned).canonical or cleaned


def actor_key(name: str) -> str:
    """The identity of an actor (no context): see `resolve_name`."""
    return resolve_name(clean_actor_name(name)).key


def _plain_key(name: str) -> str:
    words = [w for w in fold(name).split() if w not in _ARTICLE_WORDS]
    return " ".join(words) or fold(name)


def _gazetteer():
    from isgraph.resolve import territories

    return territories.load_gazetteer()


def _collectivity(territory, role: str) -> Resolution:
    """The actor that governs `territory` in `role` (commune, ccas, cias, departement, region, epci, pnr)."""
    kind = territory.kind
    if role == "ccas":
        label = "CCAS " + de_name(territory)
    elif role == "cias":
        epci = epci_name(territory)
        label = "CIAS " + ("de la " if epci.startswith(("Communauté", "Métropole")) else "de ") + epci
    elif kind == "commune":
        label = "Ville " + de_name(territory)
    elif kind == "departement":
        label = "Département " + de_name(territory)
    elif kind in ("region", "ancienne-region"):
        label = "Région " + territory.label
    elif kind == "epci":
        label = epci_name(territory)
    else:  # pnr
        label = territory.label
    slug = slugify(label)
    if kind == "commune" and len(_gazetteer().communes_named(territory.label)) > 1:
        slug = slugify(f"{label} {territory.departements[0] if territory.departements else territory.code_insee}")
    return Resolution(f"{role}:{territory.iri_slug}", slug, label, territory, ROLE_TYPES[role], "collectivite")


def _body(cleaned: str) -> Resolution | None:
    """'CAF 36', "Caisse d'allocations familiales de l'Indre", 'ARS de Picardie' -> territorial body."""
    key = fold(cleaned)
    gaz = _gazetteer()
    for body in territorial_bodies():
        for head in body.names:
            if key == head or not key.startswith(head):
                continue
            rest = key[len(head):]
            if rest[0] == " ":
                rest = rest[1:]
            elif not (rest.isdigit() and head == body.names[0]):  # "CAF36": an acronym glued to a number only
                continue
            territory = None
            if _DEP_CODE.match(rest):
                territory = gaz.departement(rest) if "departement" in body.scopes else None
            else:
                rest = _PARTICLE.sub("", rest)
                if "departement" in body.scopes:
                    territory = gaz.departement_named(rest)
                if territory is None and "region" in body.scopes:
                    territory = gaz.region_named(rest)
            if territory is None:
                continue
            if body.form == "de":
                label = f"{body.acronym} {de_name(territory)}"
            else:
                label = f"{body.acronym} {territory.label}"
            return Resolution(f"{fold(body.acronym)}:{territory.iri_slug}", slugify(label), label, None, None,
                              "organisme")
    return None


def _body_from_context(key: str, context) -> Resolution | None:
    """'CAF' / 'ARS' / 'Agence régionale de santé' written alone: the body of the one département (or région)
    the initiative's places name; several (or none) leave it unspecified. A région merged in 2016 is ambiguous
    (before 2016 its ARS was the old région's), as for "la Région"."""
    if context is None:
        return None
    gaz = _gazetteer()
    for body in territorial_bodies():
        if key not in body.names:
            continue
        territory = None
        if "departement" in body.scopes and len(context.departements) == 1:
            territory = gaz.departement(context.departements[0])
        elif (body.scopes == ("region",) and len(context.regions) == 1
              and (context.regions[0] not in _merged_regions() or context.since_2016)):
            territory = gaz.region(context.regions[0])
        if territory is None:
            return None
        label = f"{body.acronym} {de_name(territory)}" if body.form == "de" else f"{body.acronym} {territory.label}"
        return Resolution(f"{fold(body.acronym)}:{territory.iri_slug}", slugify(label), label, None, None, "contexte")
    return None


def _cue(key: str) -> tuple[Cue, str] | None:
    """(cue, rest of the folded name after the cue) when the name starts with a collectivity cue."""
    for cue in collectivity_cues():
        if key == cue.words:
            return cue, ""
        if key.startswith(cue.words) and (key[len(cue.words)] == " " or key[len(cue.words)].isdigit()):
            return cue, key[len(cue.words):].strip()
    return None


def _written_rest(cleaned: str, cue: Cue) -> str:
    """The name as written after the cue's words: 'CCAS de Saint-Laurent du Maroni (Guyane)' -> 'de Saint-Laurent
    du Maroni (Guyane)' (brackets and capitals kept for the gazetteer)."""
    n = len(cue.words.split())
    end = 0
    count = 0
    for m in re.finditer(r"[^\W_]+", cleaned):
        count += len(fold(m.group(0)).split())
        end = m.end()
        if count >= n:
            break
    return cleaned[end:].strip()


def _from_context(cue: Cue, context) -> Resolution | None:
    """'Région' / 'Conseil départemental' written alone: the one territory of that kind the context names."""
    if context is None or not cue.alone:
        return None
    gaz = _gazetteer()
    if cue.role == "departement" and len(context.departements) == 1:
        territory = gaz.departement(context.departements[0])
    elif cue.role == "region" and len(context.regions) == 1 and (context.regions[0] not in _merged_regions()
                                                                 or context.since_2016):
        territory = gaz.region(context.regions[0])  # a merged région is ambiguous: before 2016 it was another one
    else:
        return None
    if territory is None:
        return None
    res = _collectivity(territory, cue.role)
    return Resolution(res.key, res.slug, res.canonical, res.territory, res.type_code, "contexte")


def _territory(query: str, context):
    """territories.resolve, where the context may only choose among places inside its own départements: "Ville de
    Romans" in a card about the Drôme is not Romans (Ain), even though the Ain is in the same région."""
    from isgraph.resolve import territories

    t = territories.resolve(query, context, allow_lieu=False)
    if t is None or context is None or not context.departements:
        return t
    if set(t.departements) & set(context.departements):
        return t
    return t if territories.resolve(query, None, allow_lieu=False) == t else None


def _with_cue(cleaned: str, cue: Cue, rest: str, context) -> Resolution | None:
    if not rest:
        return _from_context(cue, context)
    if cue.role == "ccas":
        queries = [f"commune {rest}"]
    elif cue.role == "cias":
        bare = _PARTICLE.sub("", rest)
        queries = [f"communaute de communes {rest}", f"communaute d agglomeration {rest}", bare]
    elif cue.role == "commune":
        queries = [f"commune {rest}"]
    elif cue.role == "departement":
        queries = [f"departement {rest}"]
    elif cue.role == "region":
        queries = [f"region {rest}"]
    elif cue.role == "pnr":
        queries = [f"pnr {rest}"]
    else:  # epci: the gazetteer knows the EPCI cues
        queries = [cleaned]
    for q in queries:
        t = _territory(q, context)
        if t is not None and t.kind in ROLE_KINDS[cue.role]:
            return _collectivity(t, cue.role)
    return None


def _bare(cleaned: str, context) -> Resolution | None:
    """An official name written alone names the collectivité ('BEAUVAIS', 'Hauts-de-France', 'Bordeaux Métropole',
    "Caps et Marais d'Opale"); names that are also ordinary words ('Nord', 'Creuse') never do."""
    from isgraph.extract.common import organisation_type

    words = fold(cleaned).split()
    if not words or not any(c.isupper() for c in cleaned):
        return None
    gaz = _gazetteer()
    t = _territory(cleaned, context)
    if t is None:
        return None
    if t.kind == "epci":
        return _collectivity(t, "epci") if _EPCI_WORDS & set(words) else None
    if organisation_type(cleaned) is not None or gaz.is_stopword(cleaned):
        return None
    if t.kind == "commune" and any(c.iri_slug == t.iri_slug for c in gaz.communes_named(cleaned)):
        return _collectivity(t, "commune")
    if t.kind == "departement" and gaz.departement_named(cleaned) == t:
        return _collectivity(t, "departement")
    if t.kind in ("region", "ancienne-region") and gaz.region_named(cleaned) == t:
        return _collectivity(t, "region")
    if t.kind == "pnr":
        core = re.sub(r"^parc naturel regional (?:de la |de l |du |des |de |d )?", "", fold(t.label))
        if fold(cleaned) == core:
            return _collectivity(t, "pnr")
    return None


@lru_cache(maxsize=20000)
def resolve_name(cleaned: str, context=None) -> Resolution:
    """Resolve one cleaned actor name (see the module docstring for the rules).

    ``context`` (an ``isgraph.resolve.territories.ResolveContext`` of the initiative's places) disambiguates homonymous
    communes and gives the territory of "la Région" / "le Département" written alone, only when it names exactly
    one (and, for a région, one that was not merged in 2016).
    """
    key = fold(cleaned)
    res = _body_from_context(key, context)
    if res is not None:
        return res
    canonical = alias_table().get(key)
    if canonical is not None:
        k = _plain_key(canonical)
        return Resolution(k, slugify(k), canonical, rule="alias")
    res = _body(cleaned)
    if res is not None:
        return res
    found = _cue(key)
    if found is not None:
        cue, rest = found
        if rest and not rest[0].isdigit():  # "CD 59" / "CD59": the folded code is enough
            rest = _written_rest(cleaned, cue)
        res = _with_cue(cleaned, cue, rest, context)
    else:
        res = _bare(cleaned, context)
    if res is not None:
        return res
    k = _plain_key(cleaned)
    return Resolution(k, slugify(k))


# ---- actors of a build -----------------------------------------------------------------------------------------------
def organisation_type(name: str) -> str | None:
    try:
        from isgraph.extract.common import organisation_type as _org_type
    except ImportError:
        return None
    return _org_type(name)


@dataclass
class Actor:
    key: str
    slug: str
    spellings: Counter = field(default_factory=Counter)
    canonical: str | None = None  # name from the alias table or a rule, when there is one
    territory: object | None = None  # the Territory a collectivité / CCAS / Parc governs (isg:territoireDe)
    forced_type: str | None = None
    rule: str = "nom"

    @property
    def label(self) -> str:
        if self.canonical:
            return self.canonical
        # most frequent spelling; ties -> the longest (fullest), then alphabetical: deterministic
        return sorted(self.spellings.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0][0]

    @property
    def alt_labels(self) -> list[str]:
        return sorted(s for s in self.spellings if s != self.label)

    @property
    def type_code(self) -> str | None:
        return self.forced_type or organisation_type(self.label)


class ActorResolver:
    """Collects every actor mention of a build and resolves them to `Actor` objects."""

    def __init__(self) -> None:
        self.actors: dict[str, Actor] = {}

    def resolve(self, name: str, context=None) -> Actor | None:
        cleaned = clean_actor_name(name)
        if len(fold(cleaned)) < 2:
            return None
        res = resolve_name(cleaned, context or None)
        actor = self.actors.get(res.key)
        if actor is None:
            actor = Actor(key=res.key, slug=res.slug, canonical=res.canonical, territory=res.territory,
                          forced_type=res.type_code, rule=res.rule)
            self.actors[res.key] = actor
        actor.spellings[cleaned] += 1
        return actor

    def merges(self) -> list[Actor]:
        """Actors written in more than one way (folded), i.e. the merges resolution made, by slug."""
        return [a for a in self if len({fold(s) for s in a.spellings}) > 1
                or (a.canonical and {fold(s) for s in a.spellings} != {fold(a.canonical)})]

    def __iter__(self):
        return iter(sorted(self.actors.values(), key=lambda a: a.slug))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv == ["--fix"]:
        for path in fix_data_files():
            print(f"rewrote {path}")
        problems = check_data_files()
    elif argv in (["--check"], []):
        problems = check_data_files()
    else:
        print("usage: python -m isgraph.resolve.actors [--check | --fix]", file=sys.stderr)
        return 2
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
