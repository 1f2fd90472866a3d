"""French territories: the official geography shipped with the package and a resolver for place names.

The data files live in ``paths.GAZETTEER_DIR`` (built by ``scripts/build_gazetteer.py`` from the Etalab
``decoupage-administratif`` package, plus curated pre-2016 régions and Parcs naturels régionaux).  Nothing here
touches the network.

Public API::

    Territory                         one place (frozen dataclass), IRI slug per docs/DESIGN.md
    ResolveContext                    département / région / commune hints from the document or card
    PlaceMention                      (territory, text, start, end) found by find_places
    Gazetteer.load(directory=None)    cached loader; lookups by code (commune, departement, region, epci, ...)
    resolve(name, context=None)       name as written -> Territory | None
    find_places(text, context=None)   mentions of places in free text
    ancestors(territory)              every including territory, transitively, up to the région
    get(slug)                         Territory of a gazetteer slug ("commune-62119", "region-32", ...)

Resolution never guesses between homonyms: without a hint that singles one out, and unless one commune is much
larger than all the others, ``resolve`` returns None.
"""

from __future__ import annotations

import gzip
import re
import threading
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from isgraph import paths
from isgraph.errors import ResourceError
from isgraph.normalize import clean_text, fold, slugify

__all__ = [
    "KIND_CLASS",
    "Gazetteer",
    "PlaceMention",
    "ResolveContext",
    "Territory",
    "after_street_word",
    "ancestors",
    "body_acronym",
    "find_places",
    "get",
    "load_gazetteer",
    "name_key",
    "resolve",
]

#: Territory.kind -> local name of its isg: class (docs/DESIGN.md)
KIND_CLASS: dict[str, str] = {
    "commune": "Commune",
    "arrondissement-municipal": "Commune",  # INSEE codes it like a commune (75105); included in its commune
    "departement": "Departement",
    "region": "Region",
    "ancienne-region": "AncienneRegion",
    "epci": "EPCI",
    "pnr": "ParcNaturelRegional",
    "quartier": "Quartier",
    "pays": "Pays",
    "lieu": "Lieu",
}

#: a commune smaller than this is only found in free text after a strong cue ("à X", "commune de X")
SMALL_COMMUNE = 2000
#: without a context, the most populous homonym wins only if it is this many times larger than the next one...
HOMONYM_RATIO = 10
#: ...and at least this large
HOMONYM_MIN_POPULATION = 2000
#: rapidfuzz ratio needed for a near-miss (never used for communes)
FUZZY_THRESHOLD = 90


@dataclass(frozen=True)
class Territory:
    """One territory.  ``parents`` are the slugs of the territories it is *directly and wholly* included in."""

    iri_slug: str  # "commune-62119", "departement-2a", "region-32", "ancienne-region-limousin", "epci-...", ...
    kind: str  # a key of KIND_CLASS
    label: str  # official French name (as written for lieux / quartiers)
    code_insee: str | None = None  # commune "62119", département "62", région "32", ancienne région "74"
    siren: str | None = None  # EPCI SIREN, commune SIREN
    population: int | None = None  # population municipale (INSEE)
    parents: tuple[str, ...] = ()
    departements: tuple[str, ...] = ()  # départements it lies in (wholly or partly)
    regions: tuple[str, ...] = ()  # current régions it lies in (wholly or partly)
    nature: str | None = None  # EPCI nature (CC, CA, CU, METRO, MET69, EPT)

    @property
    def class_name(self) -> str:
        """Local name of the isg: class, e.g. "Commune"."""
        return KIND_CLASS[self.kind]


@dataclass(frozen=True)
class ResolveContext:
    """Hints from the document or card: INSEE codes of départements, current régions and communes."""

    departements: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    communes: tuple[str, ...] = ()
    since_2016: bool = False  # the text dates from after the 2016 merger of régions ('la Région' is the new one)

    @classmethod
    def from_territories(cls, territories: Iterable[Territory | None]) -> ResolveContext:
        deps: list[str] = []
        regs: list[str] = []
        coms: list[str] = []
        for t in territories:
            if t is None:
                continue
            deps.extend(d for d in t.departements if d not in deps)
            regs.extend(r for r in t.regions if r not in regs)
            if t.kind in ("commune", "arrondissement-municipal") and t.code_insee and t.code_insee not in coms:
                coms.append(t.code_insee)
        return cls(tuple(deps), tuple(regs), tuple(coms))

    def merged(self, other: ResolveContext | None) -> ResolveContext:
        if other is None:
            return self

        def union(a: tuple[str, ...], b: tuple[str, ...]) -> tuple[str, ...]:
            return a + tuple(x for x in b if x not in a)

        return ResolveContext(
            union(self.departements, other.departements),
            union(self.regions, other.regions),
            union(self.communes, other.communes),
            self.since_2016 or other.since_2016,
        )

    def __bool__(self) -> bool:
        return bool(self.departements or self.regions or self.communes)


class PlaceMention(NamedTuple):
    territory: Territory
    text: str  # the matched text, as written
    start: int  # character offsets in the searched text
    end: int


# ----------------------------------------------------------------------------------------------------------------
# keys

_ABBREV = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
_ARTICLES = ("le", "la", "les", "l")
_PARTICLES = frozenset({"de", "du", "des", "d", "la", "le", "les", "l", "en", "sur", "sous", "et", "aux", "au", "a",
                        "les", "lez", "y", "dit", "ou"})


def name_key(text: str) -> str:
    """Comparison key of a place name: ``normalize.fold`` plus "St"/"Ste" expanded to "saint"/"sainte"."""
    words = fold(text).split()
    if len(words) > 1:
        words = [_ABBREV.get(w, w) for w in words]
    return " ".join(words)


def _bulk_keys(names: list[str]) -> list[str]:
    """name_key() of many names at once (one str.translate over the joined text: fast enough for 35 000 names)."""
    joined = "\n".join(names)  # names never hold a line break (they come from TSV cells)
    table: dict[int, str] = {}
    for ch in set(joined):
        if ch == "\n":
            continue
        if unicodedata.combining(ch):
            table[ord(ch)] = ""
        else:
            folded = fold(ch)
            table[ord(ch)] = folded if folded else " "
    text = re.sub(r"  +", " ", joined.translate(table))
    text = text.replace("\n ", "\n").replace(" \n", "\n").strip(" ")
    lines = text.split("\n")
    if _ABBREV_RE.search(text):
        lines = [" ".join(_ABBREV.get(w, w) for w in ln.split()) if " " in ln and _ABBREV_RE.search(ln) else ln
                 for ln in lines]
    return lines


_ABBREV_RE = re.compile(r"(?m)(?:^| )(?:sts?|stes?)(?: |$)")


def _strip_article(key: str) -> str:
    first, _, rest = key.partition(" ")
    return rest if first in _ARTICLES and rest else key


def _article_variants(key: str) -> list[str]:
    """key, then key without its leading article (la rochelle -> rochelle is never tried: only le/la/les/l off)."""
    out = [key]
    stripped = _strip_article(key)
    if stripped != key:
        out.append(stripped)
    return out


_PARTICLE_RE = r"(?:(?P<part>de la|de l|du|des|de|d) )?"
_PART_ARTICLE = {"de la": "la", "de l": "l", "du": "le", "des": "les"}


def _rest_variants(match: re.Match[str]) -> list[str]:
    """After a cue ("commune de la Rochelle"), the rest with and without the article the particle carried."""
    rest = match.group("rest")
    part = match.group("part")
    out = [rest]
    if part in _PART_ARTICLE:
        out.insert(0, f"{_PART_ARTICLE[part]} {rest}")
    return out


_CUE_DEPARTEMENT = re.compile(
    r"^(?:le |la )?(?:conseil departemental|conseil general|departement|dept|dpt|cd|cg) " + _PARTICLE_RE
    + r"(?P<rest>.+)$")
_DEP_BY_CODE = re.compile(
    r"^(?:le |la )?(?:conseil departemental|conseil general|departement|dept|dpt|cd|cg) ?(?P<code>\d{2,3}|2a|2b)$")
_CUE_REGION = re.compile(r"^(?:la )?(?:conseil regional|region|cr) " + _PARTICLE_RE + r"(?P<rest>.+)$")
_CUE_PNR = re.compile(
    r"^(?:le )?(?:parc naturel regional|parc naturel|parc regional|pnr|parc) " + _PARTICLE_RE + r"(?P<rest>.+)$")
_CUE_COMMUNE = re.compile(
    r"^(?:la )?(?:commune|ville|mairie|municipalite|village|agglomeration) " + _PARTICLE_RE + r"(?P<rest>.+)$")
_CUE_PAYS = re.compile(r"^(?:le )?pays " + _PARTICLE_RE + r"(?P<rest>.+)$")
_EPCI_CUES: list[tuple[tuple[str, ...], re.Pattern[str]]] = [
    (("CC",), re.compile(r"^(?:la )?(?:communaute de communes|communaute des communes|cc|cdc|ccom|com com|comcom) "
                         + _PARTICLE_RE + r"(?P<rest>.+)$")),
    (("CA",), re.compile(r"^(?:la )?(?:communaute d agglomeration|communaute d agglo|communaute agglomeration|"
                         r"agglomeration|agglo|cda|ca|cag) " + _PARTICLE_RE + r"(?P<rest>.+)$")),
    (("CU",), re.compile(r"^(?:la )?(?:communaute urbaine|cu) " + _PARTICLE_RE + r"(?P<rest>.+)$")),
    (("METRO", "MET69"), re.compile(r"^(?:la )?(?:metropole|eurometropole|metropole europeenne) " + _PARTICLE_RE
                                    + r"(?P<rest>.+)$")),
    (("EPT",), re.compile(r"^(?:l )?(?:etablissement public territorial|ept) " + _PARTICLE_RE
                          + r"(?P<rest>.+)$")),
]
# leading words of an EPCI official name (folded), longest first
_EPCI_NAME_PREFIX = re.compile(
    r"^(?:communaute de communes|communaute d agglomeration|communaute urbaine|metropole europeenne|"
    r"eurometropole|metropole|cc|ca|cu) " + _PARTICLE_RE)
_EPCI_EXPANSIONS = {
    "CC": ("communaute de communes", "cc"),
    "CA": ("communaute d agglomeration", "ca", "agglomeration"),
    "CU": ("communaute urbaine", "cu"),
    "METRO": ("metropole",),
    "MET69": ("metropole",),
    "EPT": ("etablissement public territorial",),
}

# a name glued by a hyphen to the words before it ('Chemin-Bas-d'Avignon', 'Pont-l'Évêque' read from its end)
_COMPOUND_BEFORE = re.compile(r"(?:\w-|\w-[dl]['’])$")
_QUARTIER_HEAD = re.compile(r"^\s*(?P<head>quartiers?|qpv|cit[ée]s?)\b[\s:,-]*", re.IGNORECASE)
_QPV_GENERIC = re.compile(
    r"^(?:qpv|prioritaires?|de la politique de la ville|politique de la ville|prioritaires? de la politique de la"
    r" ville|prioritaires? qpv|qpv prioritaires?|populaires?|sensibles?|)$")
_ARM_PATTERNS = [
    re.compile(r"^(?P<city>paris|lyon|marseille) (?P<n>\d{1,2}) ?(?:e|er|eme|ieme|em)?(?: arrondissement)?$"),
    re.compile(r"^(?P<n>\d{1,2}) ?(?:e|er|eme|ieme|em)? arrondissement(?: de)? (?P<city>paris|lyon|marseille)$"),
]
_DEP_HINT = re.compile(r"^(?:\d{1,3}|2a|2b)$", re.IGNORECASE)
_GENERIC_WORDS = frozenset(
    """territoire territoires rural rurale ruraux rurales local locale locaux departement departements region regions
    commune communes ville villes quartier quartiers zone zones secteur secteurs france national nationale urbain
    urbaine urbains metropole agglomeration intercommunalite intercommunalites village villages bourg centre
    campagne campagnes montagne littoral europe international tout toute tous toutes ensemble""".split())


# ----------------------------------------------------------------------------------------------------------------
# the gazetteer


def _read_tsv(path: Path) -> tuple[list[str], list[list[str]]]:
    try:
        if path.suffix == ".gz":
            text = gzip.decompress(path.read_bytes()).decode("utf-8")
        else:
            text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ResourceError("gazetteer file missing (run scripts/build_gazetteer.py)", path=path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ResourceError(f"gazetteer file unreadable: {exc}", path=path) from None
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines:
        raise ResourceError("gazetteer file is empty", path=path)
    header = lines[0].split("\t")
    rows = []
    for i, line in enumerate(lines[1:], start=2):
        cells = line.split("\t")
        if len(cells) != len(header):
            raise ResourceError(f"expected {len(header)} columns, got {len(cells)}", path=path, line=i)
        rows.append(cells)
    return header, rows


def _split(cell: str, sep: str) -> list[str]:
    return [x for x in cell.split(sep) if x]


def _int(cell: str) -> int | None:
    return int(cell) if cell.isdigit() else None


class Gazetteer:
    """The official geography in memory.  Use ``Gazetteer.load()`` (cached per directory)."""

    _loaded: dict[Path, Gazetteer] = {}
    _lock = threading.Lock()

    @classmethod
    def load(cls, directory: Path | str | None = None) -> Gazetteer:
        path = Path(directory) if directory is not None else paths.GAZETTEER_DIR
        with cls._lock:
            gaz = cls._loaded.get(path)
            if gaz is None:
                gaz = cls(path)
                cls._loaded[path] = gaz
            return gaz

    def __init__(self, directory: Path):
        self.directory = directory
        self._cache: dict[str, Territory] = {}
        self._text_index: dict[str, tuple[tuple[str, str], ...]] | None = None
        self._text_first: dict[str, int] | None = None
        self._pop_by_area: dict[str, int] | None = None

        # communes and arrondissements municipaux: code -> [nom, type, dep, reg, epci, ept, parent, siren, pop]
        _, rows = _read_tsv(directory / "communes.tsv.gz")
        self._communes: dict[str, Sequence[str]] = {r[0]: r[1:] for r in rows}
        self._com_keys: dict[str, Sequence[str]] = {}
        self._arm: dict[tuple[str, int], str] = {}
        for r, key in zip(rows, _bulk_keys([r[1] for r in rows])):
            codes = self._com_keys.get(key)
            if codes is None:
                self._com_keys[key] = [r[0]]
            else:
                codes.append(r[0])
            if r[2] == "ARM":
                m = re.match(r"^(\w+) (\d+)", key)
                if m:
                    self._arm[(m.group(1), int(m.group(2)))] = r[0]
        # 'Château-Chinon (Ville)' beside 'Château-Chinon (Campagne)': the town is what 'Château-Chinon' names
        for code, r in self._communes.items():
            town = re.fullmatch(r"(.+?) \(Ville\)", r[0])
            if town and name_key(town.group(1)) not in self._com_keys:
                self._com_keys[name_key(town.group(1))] = [code]
        # former communes (déléguées / associées) -> current commune
        _, rows = _read_tsv(directory / "communes_deleguees.tsv")
        self._del_keys: dict[str, Sequence[str]] = defaultdict(list)  # key -> current communes
        self._del_count: dict[str, int] = defaultdict(int)  # current commune -> number of former communes
        self._del_main: set[tuple[str, str]] = set()  # (key, commune) where the former commune is the chef-lieu
        for r, key in zip(rows, _bulk_keys([r[1] for r in rows])):
            parent = r[3]
            if parent in self._communes and parent not in self._del_keys[key]:
                self._del_keys[key].append(parent)
                self._del_count[parent] += 1
                if r[0] == parent:
                    self._del_main.add((key, parent))

        # départements, régions, anciennes régions
        _, rows = _read_tsv(directory / "departements.tsv")
        self._deps = {r[0]: (r[1], r[2]) for r in rows}
        self._dep_keys: dict[str, str] = {}
        for code, (nom, _reg) in self._deps.items():
            for k in _article_variants(name_key(nom)):
                self._dep_keys.setdefault(k, code)
        _, rows = _read_tsv(directory / "regions.tsv")
        self._regions = {r[0]: r[1] for r in rows}
        self._region_keys: dict[str, str] = {}
        for r in rows:
            for n in [r[1], *_split(r[4], "|")]:
                for k in _article_variants(name_key(n)):
                    self._region_keys.setdefault(k, r[0])
        _, rows = _read_tsv(directory / "anciennes_regions.tsv")
        self._anc: dict[str, tuple[str, str, tuple[str, ...]]] = {}
        self._anc_keys: dict[str, str] = {}
        for code, nom, reg, deps, identique, alias in rows:
            names = [nom, *_split(alias, "|")]
            if identique == "1":  # same territory as the current région: its names resolve to the région
                for n in names:
                    for k in _article_variants(name_key(n)):
                        self._region_keys.setdefault(k, reg)
                continue
            self._anc[code] = (nom, reg, tuple(_split(deps, ",")))
            for n in names:
                for k in _article_variants(name_key(n)):
                    self._anc_keys.setdefault(k, code)
        self._dep_anc = {d: code for code, (_n, _r, deps) in self._anc.items() for d in deps}

        # EPCI (and EPT)
        _, rows = _read_tsv(directory / "epci.tsv")
        self._epci = {r[0]: (r[1], r[2], _int(r[3])) for r in rows}
        self._epci_full: dict[str, Sequence[str]] = defaultdict(list)
        self._epci_core: dict[str, Sequence[str]] = defaultdict(list)
        bases = [re.sub(r"\s*\([^)]*\)", "", r[1]) for r in rows]
        acronyms = [re.findall(r"\(([^)]*)\)", r[1]) for r in rows]
        for r, key, acr in zip(rows, _bulk_keys(bases), acronyms):
            full, cores = self._epci_names(key, r[2], [name_key(a) for a in acr])
            for k in full:
                if r[0] not in self._epci_full[k]:
                    self._epci_full[k].append(r[0])
            for k in cores:
                if r[0] not in self._epci_core[k]:
                    self._epci_core[k].append(r[0])

        # Parcs naturels régionaux
        _, rows = _read_tsv(directory / "pnr.tsv")
        self._pnr = {r[0]: (r[1], tuple(_split(r[2], "|")), tuple(_split(r[3], ",")), tuple(_split(r[4], ",")),
                            tuple(_split(r[5], ","))) for r in rows}
        self._pnr_keys: dict[str, str] = {}  # full names and multi-word aliases
        self._pnr_short: dict[str, str] = {}  # every alias and core name (used after a "Parc"/"PNR" cue)
        self._commune_pnr: dict[str, list[str]] = defaultdict(list)
        for cle, (nom, aliases, _regs, _deps, communes) in self._pnr.items():
            nk = name_key(nom)
            self._pnr_keys[nk] = cle
            m = _CUE_PNR.match(nk)
            if m:
                for k in _rest_variants(m):
                    self._pnr_short.setdefault(k, cle)
            for a in aliases:
                self._pnr_keys.setdefault(name_key(a), cle)
                self._pnr_short.setdefault(name_key(a), cle)
            for c in communes:
                self._commune_pnr[c].append(cle)

        # stop list
        stop_path = directory / "place_stopwords.txt"
        try:
            lines = stop_path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            raise ResourceError("gazetteer file missing (run scripts/build_gazetteer.py)", path=stop_path) from None
        self._stop = frozenset(_bulk_keys([ln for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]))
        self._epci_members: tuple[dict[str, set[str]], dict[str, set[str]]] | None = None

        # read-only from here: tuples of strings, unlike lists, are not tracked by the garbage collector, so that each
        # full collection of a long extraction does not walk these ~70 000 lists again
        self._communes = {k: tuple(v) for k, v in self._communes.items()}
        self._com_keys = {k: tuple(v) for k, v in self._com_keys.items()}
        self._del_keys = {k: tuple(v) for k, v in self._del_keys.items()}
        self._epci_full = {k: tuple(v) for k, v in self._epci_full.items()}
        self._epci_core = {k: tuple(v) for k, v in self._epci_core.items()}

    def _epci_links(self) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
        """(EPCI SIREN -> départements of its members, EPT SIREN -> EPCI of its members), computed once."""
        if self._epci_members is None:
            deps: dict[str, set[str]] = defaultdict(set)
            encl: dict[str, set[str]] = defaultdict(set)
            for _n, typ, dep, _reg, epci, ept, *_rest in self._communes.values():
                if typ != "COM":
                    continue
                if epci:
                    deps[epci].add(dep)
                if ept:
                    deps[ept].add(dep)
                    encl[ept].add(epci)
            self._epci_members = (dict(deps), dict(encl))
        return self._epci_members

    # ------------------------------------------------------------------ names of EPCI
    @staticmethod
    def _epci_names(key: str, nature: str, acronyms: list[str]) -> tuple[list[str], list[str]]:
        """(full keys, core keys) of an EPCI from the key of its official name ("ca de la rochelle")."""
        full = [key]
        m = _EPCI_NAME_PREFIX.match(key + " ")
        core = key[m.end():].strip() if m else key
        part = (m.group("part") if m else None) or ""
        cores = [core] if core else []
        # "CA Communauté Paris-Saclay" -> "paris saclay"; "Bordeaux Métropole" -> "bordeaux"
        for pat in (r"^(?:communaute|agglomeration|agglo) (?:de la |de l |du |des |de |d )?(.+)$",
                    r"^(.+) metropole$", r"^europeenne (?:de la |de l |du |des |de |d )?(.+)$",
                    r"^(.+) agglomeration$", r"^(.+) agglo$"):
            mm = re.match(pat, core)
            if mm:
                cores.append(mm.group(1))
        cores += [_strip_article(c) for c in cores if _strip_article(c) != c]
        for prefix in _EPCI_EXPANSIONS.get(nature, ()):
            full.append(f"{prefix} {part + ' ' if part else ''}{core}".replace("  ", " "))
        if nature in ("METRO", "MET69") and m is None and core.endswith(" metropole"):
            full.append(f"metropole de {core[: -len(' metropole')]}")
        cores += [a for a in acronyms if a]
        return list(dict.fromkeys(full)), list(dict.fromkeys(c for c in cores if c))

    # ------------------------------------------------------------------ territories by code
    def commune(self, code: str) -> Territory | None:
        code = code.upper()
        slug = f"commune-{code.lower()}"
        t = self._cache.get(slug)
        if t is not None:
            return t
        row = self._communes.get(code)
        if row is None:
            return None
        nom, typ, dep, reg, epci, ept, parent, siren, pop = row
        if typ == "ARM":
            parents: tuple[str, ...] = (f"commune-{parent.lower()}",)
            kind = "arrondissement-municipal"
        else:
            kind = "commune"
            ps = [f"epci-{epci}"] if epci else []
            if ept:
                ps.append(f"epci-{ept}")
            ps.append(f"departement-{dep.lower()}")
            ps += [f"pnr-{c}" for c in self._commune_pnr.get(code, ())]
            parents = tuple(ps)
        t = Territory(slug, kind, nom, code, siren or None, _int(pop), parents, (dep,), (reg,))
        self._cache[slug] = t
        return t

    def departement(self, code: str) -> Territory | None:
        code = code.upper()
        if code.isdigit() and len(code) == 1:
            code = "0" + code
        slug = f"departement-{code.lower()}"
        t = self._cache.get(slug)
        if t is None and code in self._deps:
            nom, reg = self._deps[code]
            parents = [f"region-{reg}"]
            if code in self._dep_anc:
                parents.append(self._anc_slug(self._dep_anc[code]))
            t = Territory(slug, "departement", nom, code, None, self._population(dep=code), tuple(parents), (code,),
                          (reg,))
            self._cache[slug] = t
        return t

    def region(self, code: str) -> Territory | None:
        slug = f"region-{code}"
        t = self._cache.get(slug)
        if t is None and code in self._regions:
            deps = tuple(d for d, (_n, r) in self._deps.items() if r == code)
            t = Territory(slug, "region", self._regions[code], code, None, self._population(reg=code), (), deps,
                          (code,))
            self._cache[slug] = t
        return t

    def ancienne_region(self, code: str) -> Territory | None:
        """A pre-2016 région that was merged (by its pre-2016 INSEE code, e.g. "74" Limousin)."""
        if code not in self._anc:
            return None
        slug = self._anc_slug(code)
        t = self._cache.get(slug)
        if t is None:
            nom, reg, deps = self._anc[code]
            pop = sum(self._population(dep=d) or 0 for d in deps)
            t = Territory(slug, "ancienne-region", nom, code, None, pop, (f"region-{reg}",), deps, (reg,))
            self._cache[slug] = t
        return t

    def _anc_slug(self, code: str) -> str:
        return f"ancienne-region-{slugify(self._anc[code][0])}"

    def epci(self, siren: str) -> Territory | None:
        slug = f"epci-{siren}"
        t = self._cache.get(slug)
        if t is None and siren in self._epci:
            nom, nature, pop = self._epci[siren]
            members, enclosing = self._epci_links()
            deps = tuple(sorted(members.get(siren, ())))
            regs = tuple(sorted({self._deps[d][1] for d in deps if d in self._deps}))
            parents: list[str] = []
            if nature == "EPT":
                encl = enclosing.get(siren, set())
                if len(encl) == 1 and "" not in encl:
                    parents.append(f"epci-{next(iter(encl))}")
            if len(deps) == 1:
                parents.append(f"departement-{deps[0].lower()}")
            elif len(regs) == 1:
                parents.append(f"region-{regs[0]}")
            t = Territory(slug, "epci", nom, None, siren, pop, tuple(parents), deps, regs, nature)
            self._cache[slug] = t
        return t

    def pnr(self, cle: str) -> Territory | None:
        slug = f"pnr-{cle}"
        t = self._cache.get(slug)
        if t is None and cle in self._pnr:
            nom, _aliases, regs, deps, _communes = self._pnr[cle]
            if len(deps) == 1:
                parents: tuple[str, ...] = (f"departement-{deps[0].lower()}",)
            elif len(regs) == 1:
                parents = (f"region-{regs[0]}",)
            else:  # a park across two régions is in neither: no inclusion claimed
                parents = ()
            t = Territory(slug, "pnr", nom, None, None, None, parents, deps, regs)
            self._cache[slug] = t
        return t

    def get(self, slug: str) -> Territory | None:
        """Territory of a gazetteer slug ("commune-62119", "departement-2a", "epci-200070738", "pnr-vercors"...)."""
        t = self._cache.get(slug)
        if t is not None:
            return t
        kind, _, ident = slug.partition("-")
        if slug.startswith("ancienne-region-"):
            ident = slug[len("ancienne-region-"):]
            for code, (nom, _r, _d) in self._anc.items():
                if slugify(nom) == ident:
                    return self.ancienne_region(code)
            return None
        getter = {"commune": self.commune, "departement": self.departement, "region": self.region,
                  "epci": self.epci, "pnr": self.pnr}.get(kind)
        return getter(ident) if getter and ident else None

    def _population(self, dep: str | None = None, reg: str | None = None) -> int | None:
        """Sum of the communes' populations of a département or a région (computed once)."""
        if self._pop_by_area is None:
            by_area: dict[str, int] = defaultdict(int)
            for _n, typ, d, r, *_rest, pop in self._communes.values():
                if typ == "COM" and pop:
                    by_area[f"d{d}"] += int(pop)
                    by_area[f"r{r}"] += int(pop)
            self._pop_by_area = dict(by_area)
        return self._pop_by_area.get(f"d{dep}" if dep is not None else f"r{reg}")

    # ------------------------------------------------------------------ lookups by name
    def communes_named(self, name: str) -> list[Territory]:
        """Every current commune (or arrondissement municipal) whose name has this key, most populous first."""
        codes = self._com_keys.get(name_key(name), [])
        out = [t for t in (self.commune(c) for c in codes) if t is not None]
        return sorted(out, key=lambda t: -(t.population or 0))

    def departement_named(self, name: str) -> Territory | None:
        for k in _article_variants(name_key(name)):
            if k in self._dep_keys:
                return self.departement(self._dep_keys[k])
        return None

    def region_named(self, name: str) -> Territory | None:
        """Current région, or the pre-2016 région of that name (merged ones are AncienneRegion)."""
        for k in _article_variants(name_key(name)):
            if k in self._region_keys:
                return self.region(self._region_keys[k])
            if k in self._anc_keys:
                return self.ancienne_region(self._anc_keys[k])
        return None

    def is_stopword(self, name: str) -> bool:
        return name_key(name) in self._stop

    # ------------------------------------------------------------------ resolution
    def resolve(self, name: str, context: ResolveContext | None = None, *, allow_lieu: bool = True) -> Territory | None:
        """Territory named ``name`` (as written in a document), or None when unknown or ambiguous.

        ``context`` (départements / régions / communes of the document or card) disambiguates homonyms.  A name
        that matches nothing but looks like a place name gives a ``lieu`` (or ``pays``) territory included in the
        context's single département / région when there is one (``allow_lieu=False`` returns None instead).
        """
        ctx = context or ResolveContext()
        text = clean_text(name or "").strip(" .,;:-\"'«»*•")
        if not text or len(text) > 150:
            return None
        hint: str | None = None
        inner: str | None = None
        m = re.match(r"^(.*?)\s*\(([^()]*)\)\s*$", text)
        if m and m.group(1).strip():
            base, inside = m.group(1).strip(), m.group(2).strip()
            dep = self._dep_hint(inside)
            if dep:
                text, hint = base, dep
            elif _QUARTIER_HEAD.match(base) or (len(base) > 3 and name_key(inside) in self._epci_core):
                text, inner = base, inside
            elif self._resolve_commune(inside, ctx, strict=True) is not None:
                text, inner = base, inside
        else:
            m = re.match(r"^(.*?)\s*[,\-–]\s*(\d{2,3}|2[AB])$", text)
            if m and self._dep_hint(m.group(2)):
                text, hint = m.group(1), self._dep_hint(m.group(2))
        if hint:
            ctx = ResolveContext((hint,), (), ()).merged(ctx)
        key = name_key(text)
        if not key:
            return None

        if _QUARTIER_HEAD.match(text):
            return self._quartier(text, inner, ctx)
        found = self._resolve_key(key, ctx, hint)
        if found is not None:
            return found if isinstance(found, Territory) else None
        if inner and name_key(inner) in self._epci_core:  # "Communauté de communes (CCEL)"
            t = self._epci_pick(self._epci_core[name_key(inner)], ctx, None)
            if t:
                return t
        if not allow_lieu:
            return None
        return self._lieu(text, ctx)

    # sentinel: "known but ambiguous", stops the search without creating a lieu
    _AMBIGUOUS = object()

    def _resolve_key(self, key: str, ctx: ResolveContext, hint: str | None) -> Territory | object | None:
        # 0. "Vienne (38)": a commune of the hinted département wins over a homonymous département
        if hint:
            t = self._resolve_commune(key, ctx, strict=True, hint=hint, allow_stopword=True)
            if t is not None:
                return t
        # 1. full names of régions, anciennes régions, départements, parks, EPCI
        if key == "paris":
            return self.commune("75056")
        for k in _article_variants(key):
            if k in self._region_keys:
                return self.region(self._region_keys[k])
            if k in self._anc_keys:
                return self.ancienne_region(self._anc_keys[k])
            if k in self._dep_keys:
                return self.departement(self._dep_keys[k])
        if key in self._pnr_keys:
            return self.pnr(self._pnr_keys[key])
        if key in self._epci_full:
            return self._epci_pick(self._epci_full[key], ctx, None) or self._AMBIGUOUS
        # 2. cue words
        m = _DEP_BY_CODE.match(key)
        if m and self._dep_hint(m.group("code")):
            return self.departement(m.group("code"))
        m = _CUE_DEPARTEMENT.match(key)
        if m:
            for rest in _rest_variants(m):
                for k in _article_variants(rest):
                    if k in self._dep_keys:
                        return self.departement(self._dep_keys[k])
            t = self._fuzzy(m.group("rest"), self._dep_keys, self.departement)
            if t:
                return t
        m = _CUE_REGION.match(key)
        if m:
            for rest in _rest_variants(m):
                for k in _article_variants(rest):
                    if k in self._region_keys:
                        return self.region(self._region_keys[k])
                    if k in self._anc_keys:
                        return self.ancienne_region(self._anc_keys[k])
            t = self._fuzzy(m.group("rest"), self._region_keys, self.region) or self._fuzzy(
                m.group("rest"), self._anc_keys, self.ancienne_region)
            if t:
                return t
        m = _CUE_PNR.match(key)
        if m:
            for rest in _rest_variants(m):
                for k in _article_variants(rest):
                    if k in self._pnr_short:
                        return self.pnr(self._pnr_short[k])
            t = self._fuzzy(m.group("rest"), self._pnr_short, self.pnr)
            if t:
                return t
        for natures, pattern in _EPCI_CUES:
            m = pattern.match(key)
            if m:
                t = self._resolve_epci(m, natures, ctx)
                if t is not None:
                    return t
        m = _CUE_COMMUNE.match(key)
        if m:
            for rest in _rest_variants(m):
                t = self._resolve_commune(rest, ctx, strict=False, hint=hint, allow_stopword=True)
                if t is not None:
                    return t
        # 3. Paris / Lyon / Marseille arrondissements
        for pat in _ARM_PATTERNS:
            am = pat.match(key)
            if am:
                code = self._arm.get((am.group("city"), int(am.group("n"))))
                if code:
                    return self.commune(code)
        # 4. communes (current, then former names)
        t = self._resolve_commune(key, ctx, strict=False, hint=hint)
        if t is not None:
            return t
        # 5. EPCI by their core name ("Mad et Moselle", "Le Grand Chalon"), parks by a short name; a name that is
        # also several communes' ('Saint-Louis': Haut-Rhin, Moselle, Réunion, Guadeloupe) names one of them, which
        # the context did not single out, not the EPCI named after one
        if key in self._epci_core and not self._com_keys.get(key):
            t = self._epci_pick(self._epci_core[key], ctx, None)
            if t is not None:
                return t
        if key in self._pnr_short and len(key.split()) > 1:
            return self.pnr(self._pnr_short[key])
        if self._com_keys.get(key) or self._del_keys.get(key) or key in self._epci_core:
            return self._AMBIGUOUS  # a known name that the context does not single out: no guess
        # 6. near-misses of non-commune names
        if len(key) >= 6:
            for index, getter in ((self._region_keys, self.region), (self._anc_keys, self.ancienne_region),
                                  (self._dep_keys, self.departement), (self._pnr_keys, self.pnr)):
                t = self._fuzzy(key, index, getter)
                if t:
                    return t
        return None

    def _resolve_epci(self, m: re.Match[str], natures: tuple[str, ...], ctx: ResolveContext) -> Territory | None:
        rests = _rest_variants(m)
        for rest in rests:
            for k in _article_variants(rest):
                for index in (self._epci_core, self._epci_full):
                    if k in index:
                        t = self._epci_pick(index[k], ctx, natures)
                        if t:
                            return t
        # "Métropole de Montpellier", "CDA de La Rochelle": the EPCI of that nature the named commune belongs to
        for rest in rests:
            com = self._resolve_commune(rest, ctx, strict=True)
            if com is not None:
                row = self._communes[com.code_insee or ""]
                epci = row[4] or (self._communes.get(row[6], ("",) * 5)[4] if row[6] else "")
                if epci and self._epci[epci][1] in natures:
                    return self.epci(epci)
        rest = m.group("rest")
        if len(rest) >= 6:
            from rapidfuzz import fuzz, process

            choices = {k: v for k, v in self._epci_core.items() if len(v) == 1}
            res = process.extract(rest, list(choices), scorer=fuzz.ratio, limit=2, score_cutoff=FUZZY_THRESHOLD)
            if res and (len(res) == 1 or res[0][1] > res[1][1]):
                return self.epci(choices[res[0][0]][0])
        return None

    def _epci_pick(self, sirens: list[str], ctx: ResolveContext, natures: tuple[str, ...] | None) -> Territory | None:
        cands = list(dict.fromkeys(sirens))
        if natures and len(cands) > 1:
            same = [s for s in cands if self._epci[s][1] in natures]
            cands = same or cands
        if len(cands) > 1 and ctx:
            members = self._epci_links()[0]
            inctx = [s for s in cands if members.get(s, set()) & set(ctx.departements)]
            if not inctx and ctx.regions:
                inctx = [s for s in cands
                         if {self._deps[d][1] for d in members.get(s, ())} & set(ctx.regions)]
            cands = inctx or cands
        if len(cands) == 1:
            return self.epci(cands[0])
        return None

    def _fuzzy(self, key: str, index: dict[str, str], getter) -> Territory | None:
        if len(key) < 6 or not index:
            return None
        from rapidfuzz import fuzz, process

        res = process.extract(key, list(index), scorer=fuzz.ratio, limit=3, score_cutoff=FUZZY_THRESHOLD)
        if not res:
            return None
        best = [r for r in res if r[1] == res[0][1]]
        targets = {index[r[0]] for r in best}
        if len(targets) != 1:
            return None
        return getter(index[res[0][0]])

    def _dep_hint(self, text: str) -> str | None:
        """Département code from a hint written after a name: "34", "2A", "974", "Hérault"."""
        t = text.strip().upper()
        if _DEP_HINT.match(t):
            if len(t) == 1:
                t = "0" + t
            return t if t in self._deps else None
        for k in _article_variants(name_key(text)):
            if k in self._dep_keys:
                return self._dep_keys[k]
        return None

    def _commune_candidates(self, key: str) -> list[tuple[str, int, bool]]:
        """(current commune code, population used to compare, minor) for a key: communes, then former communes.

        ``minor``: the name is only that of a former commune merged into another one (not its chef-lieu).
        """
        cands: dict[str, tuple[int, bool]] = {}
        for code in self._com_keys.get(key, ()):
            cands[code] = (_int(self._communes[code][8]) or 0, False)
        for parent in self._del_keys.get(key, ()):
            if parent not in cands:
                # a former commune weighs a share of the current one: a full share for the chef-lieu, half
                # a share for the others (a merged village is usually smaller than the town it joined)
                share = (_int(self._communes[parent][8]) or 0) // max(1, self._del_count[parent])
                main = (key, parent) in self._del_main
                cands[parent] = (share if main else share // 2, not main)
        return [(code, pop, minor) for code, (pop, minor) in cands.items()]

    def _resolve_commune(self, text_or_key: str, ctx: ResolveContext, *, strict: bool, hint: str | None = None,
                         allow_stopword: bool = False) -> Territory | None:
        """A commune from its name, using the context.  ``strict``: only when unique or singled out by context."""
        key = name_key(text_or_key)
        cands = self._commune_candidates(key)
        if not cands:
            return None
        stop = key in self._stop and not allow_stopword and not hint
        if hint:
            cands = [c for c in cands if self._communes[c[0]][2] == hint]
            if len(cands) == 1:
                return self.commune(cands[0][0])
            if not cands:
                return None
        if ctx.communes:
            inctx = [c for c in cands if c[0] in ctx.communes]
            if len(inctx) == 1:
                return self.commune(inctx[0][0])
        narrowed = False
        dep_miss = False
        if ctx.departements:
            inctx = [c for c in cands if self._communes[c[0]][2] in ctx.departements]
            if inctx:
                cands, narrowed = inctx, True
            else:
                # the context names départements and none has this commune: a région-wide guess would pick a
                # homonym elsewhere ("Romans" with a Drôme context is not Romans in the Ain)
                dep_miss = True
        if not narrowed and ctx.regions and not dep_miss:
            inctx = [c for c in cands if self._communes[c[0]][3] in ctx.regions]
            if inctx:
                cands, narrowed = inctx, True
        if not narrowed and not hint:
            # "Boulogne" is not Essarts-en-Bocage (one of whose villages was Boulogne) unless the context says so
            cands = [c for c in cands if not c[2]]
            if not cands:
                return None
        if len(cands) == 1:
            if stop and not narrowed:
                return None
            return self.commune(cands[0][0])
        if strict or stop:
            return None
        cands.sort(key=lambda c: -c[1])
        top, second = cands[0][1], cands[1][1]
        if top >= HOMONYM_MIN_POPULATION and top >= HOMONYM_RATIO * max(second, 1):
            return self.commune(cands[0][0])
        return None

    # ------------------------------------------------------------------ quartiers, lieux
    def _quartier(self, text: str, inner: str | None, ctx: ResolveContext) -> Territory | None:
        m = _QUARTIER_HEAD.match(text)
        assert m is not None
        body = text[m.end():].strip()
        commune = self._resolve_commune(inner, ctx, strict=False) if inner else None
        if commune is None and body:
            # "quartiers QPV de la Rochelle", "quartier en rénovation urbaine de Grenoble": a commune at the end
            for pm in reversed(list(re.finditer(r"(?:^|\s)(?:de|d'|du|des|à|a)\s*", body, re.IGNORECASE))):
                before, after = body[: pm.start()].strip(), body[pm.end():].strip()
                if not before or not after:
                    continue
                word = pm.group(0).strip().lower()
                tries = [after]
                if word in ("du", "des"):
                    tries.insert(0, ("le " if word == "du" else "les ") + after)
                for cand in tries:
                    commune = self._resolve_commune(cand, ctx, strict=False, allow_stopword=True)
                    if commune is not None:
                        body = before
                        break
                if commune is not None:
                    break
        if commune is None and len(ctx.communes) == 1:
            commune = self.commune(ctx.communes[0])
        core = re.sub(r"^(?:d['’]\s*|de\s+|du\s+|des\s+)", "", body, flags=re.IGNORECASE).strip(" :,-")
        core_key = name_key(core)
        generic = bool(_QPV_GENERIC.match(core_key)) or "politique de la ville" in name_key(text)
        if generic:
            if commune is None:
                return None
            code = commune.code_insee or ""
            return Territory(f"lieu-qpv-{code.lower()}", "quartier",
                             f"Quartiers prioritaires de la politique de la ville de {commune.label}", None, None,
                             None, (commune.iri_slug,), commune.departements, commune.regions)
        if commune is not None:
            code = commune.code_insee or ""
            return Territory(f"lieu-quartier-{slugify(core, 60)}-{code.lower()}", "quartier",
                             f"Quartier {core} ({commune.label})", None, None, None, (commune.iri_slug,),
                             commune.departements, commune.regions)
        parents, deps, regs = self._context_parent(ctx)
        return Territory(f"lieu-quartier-{slugify(core, 70)}", "quartier", f"Quartier {core}", None, None, None,
                         parents, deps, regs)

    def _context_parent(self, ctx: ResolveContext) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        if len(ctx.departements) == 1 and ctx.departements[0] in self._deps:
            d = ctx.departements[0]
            return (f"departement-{d.lower()}",), (d,), (self._deps[d][1],)
        if len(ctx.regions) == 1 and ctx.regions[0] in self._regions:
            r = ctx.regions[0]
            return (f"region-{r}",), (), (r,)
        return (), (), ()

    def _lieu(self, text: str, ctx: ResolveContext) -> Territory | None:
        key = name_key(text)
        words = [w for w in key.split() if w not in _PARTICLES]
        if not words or all(w in _GENERIC_WORDS for w in words) or key in self._stop:
            return None
        if not any(w[:1].isupper() for w in re.findall(r"[^\W\d_]{3,}", text)):
            return None  # no proper noun in it
        if len(words) > 8:
            return None
        kind = "pays" if _CUE_PAYS.match(key) else "lieu"
        parents, deps, regs = self._context_parent(ctx)
        return Territory(f"lieu-{slugify(text)}", kind, text, None, None, None, parents, deps, regs)

    # ------------------------------------------------------------------ ancestors
    def ancestors(self, territory: Territory) -> list[Territory]:
        """Every territory that includes ``territory`` (transitively), nearest first, without duplicates."""
        out: list[Territory] = []
        seen = {territory.iri_slug}
        queue = list(territory.parents)
        while queue:
            slug = queue.pop(0)
            if slug in seen:
                continue
            seen.add(slug)
            t = self.get(slug)
            if t is None:
                continue
            out.append(t)
            queue.extend(t.parents)
        return out

    # ------------------------------------------------------------------ free text
    def _build_text_index(self) -> None:
        """key -> [(kind, id)] for every name findable in free text, and first word -> longest key (in words)."""
        index: dict[str, list[tuple[str, str]]] = defaultdict(list)

        def add(key: str, kind: str, ident: str) -> None:
            if key and (kind, ident) not in index[key]:
                index[key].append((kind, ident))

        for key, code in self._region_keys.items():
            add(key, "region", code)
        for key, code in self._anc_keys.items():
            add(key, "ancienne-region", code)
        for key, code in self._dep_keys.items():
            add(key, "departement", code)
        for cle, (nom, aliases, *_rest) in self._pnr.items():
            nk = name_key(nom)
            add(nk, "pnr", cle)
            m = _CUE_PNR.match(nk)
            cores = {name_key(a) for a in aliases}
            if m:
                cores.add(m.group("rest"))
            for core in cores:
                add(core, "pnr-alias", cle)
                for prefix in ("parc naturel regional", "pnr", "parc", "parc naturel"):
                    for part in ("", "de ", "du ", "des ", "de la ", "de l ", "d "):
                        add(f"{prefix} {part}{core}", "pnr", cle)
        for key, sirens in self._epci_full.items():
            for s in sirens:
                add(key, "epci", s)
        for key, sirens in self._epci_core.items():
            if len(key.split()) > 1 and key not in self._com_keys and key not in self._dep_keys:
                for s in sirens:
                    add(key, "epci-core", s)
        # communes and former communes are looked up in their own indexes (see _text_entries)
        first: dict[str, int] = {}
        for keys in (index, self._com_keys, self._del_keys):
            for key in keys:
                head, _, _ = key.partition(" ")
                n = key.count(" ") + 1
                if first.get(head, 0) < n:
                    first[head] = n
        self._text_index = {k: tuple(v) for k, v in index.items()}
        self._text_first = first

    def _text_entries(self, key: str) -> list[tuple[str, str]]:
        """Every (kind, id) a key names: larger territories, then communes, then former communes."""
        assert self._text_index is not None
        out = list(self._text_index.get(key, ()))
        codes = self._com_keys.get(key)
        if codes:
            out += [("commune", c) for c in codes]
        else:
            out += [("deleguee", p) for p in self._del_keys.get(key, ())]
        return out

    def is_stopword(self, name: str) -> bool:
        """A commune name that is an ordinary word ('Die', 'Orange'): read only after a strong cue."""
        key = name_key(name)
        return key in self._stop or _strip_article(key) in self._stop

    def find_places(self, text: str, context: ResolveContext | None = None) -> list[PlaceMention]:
        """Mentions of territories in free text, in order, not overlapping.

        Only capitalised names are found, whole names only.  Small communes (< SMALL_COMMUNE inhabitants) and
        names in ``place_stopwords.txt`` need a strong cue ("à X", "commune de X"); a name glued to another
        capitalised word (a person, an organisation: "Jean Moulin", "Orange Bleue") is skipped.
        """
        if self._text_index is None:
            self._build_text_index()
        assert self._text_index is not None and self._text_first is not None
        ctx = context or ResolveContext()
        tokens = [(m.group(), *m.span()) for m in _WORD.finditer(text)]
        folded = [t[0].lower() if t[0].isascii() else _token_key(t[0]) for t in tokens]  # (ASCII: letters, digits)
        for k in range(len(tokens) - 1):  # "St-Pol", "STE MARIE": abbreviations of Saint / Sainte
            if folded[k] in _ABBREV and tokens[k][0][:1].isupper() and _joined(text, tokens, k + 1):
                folded[k] = _ABBREV[folded[k]]
        out: list[PlaceMention] = []
        i = 0
        n = len(tokens)
        while i < n:
            tok = tokens[i][0]
            if not tok[:1].isupper() or (folded[i] not in self._text_first
                                         and not (i > 0 and folded[i - 1] in _ARTICLES_AND_CONTRACTIONS)):
                i += 1
                continue
            found = self._match_at(text, tokens, folded, i, ctx)
            if found is None:
                i += 1
                continue
            territory, j_start, j_end = found
            start, end = tokens[j_start][1], tokens[j_end - 1][2]
            if j_end < n and folded[j_end] in _INSTITUTION_ADJECTIVES and text[end:tokens[j_end][1]] == " ":
                i = j_end  # 'l'Union européenne', 'l'Assemblée nationale': an institution's name, not the commune
                continue
            if after_street_word(text, start):
                i = j_end  # 'boulevard de Verdun', 'rue de Pont-Aven': a street's name, not the place
                continue
            if body_acronym(text, start, end):
                i = j_end  # 'l'association Atelier du Réemploi Artésien (ARA)': the body's acronym, not a région
                continue
            if _COMPOUND_BEFORE.search(text[max(0, start - 4):start]):
                i = j_end  # 'le Chemin-Bas-d'Avignon' (a district of Nîmes): the end of another name, not Avignon
                continue
            out.append(PlaceMention(territory, text[start:end], start, end))
            i = j_end
        return out

    def _match_at(self, text: str, tokens: list[tuple[str, int, int]], folded: list[str], i: int,
                  ctx: ResolveContext) -> tuple[Territory, int, int] | None:
        assert self._text_index is not None and self._text_first is not None
        maxlen = max(self._text_first.get(folded[i], 0), self._text_first.get(folded[i - 1], 0) - 1 if i else 0, 1)
        # the longest run of tokens joined only by spaces, hyphens, apostrophes (no line break)
        limit = i + 1
        while limit < len(tokens) and limit - i < maxlen:
            gap = text[tokens[limit - 1][2]:tokens[limit][1]]
            if not _NAME_GAP.fullmatch(gap):
                break
            limit += 1
        if not self._names_start_at(folded, i, limit):
            return None  # (what the loop below finds then, without computing the cue)
        cue = _cue_before(text, tokens, folded, i)
        # a lower-case article right before ("de la Rochelle") or inside "au"/"du" ("au Havre") may belong to the
        # official name: try "la rochelle" / "le havre" before "rochelle" / "havre"
        art, art_tok = None, False
        if i > 0 and folded[i - 1] in _ARTICLES and tokens[i - 1][0].islower() and _joined(text, tokens, i):
            art, art_tok = folded[i - 1], True
        elif cue.word in ("au", "du"):
            art = "le"
        elif cue.word in ("aux", "des"):
            art = "les"
        for j in range(limit, i, -1):
            key = " ".join(folded[i:j])
            tries = []
            if art is not None:
                tries.append((f"{art} {key}", i - 1 if art_tok else i))
            tries.append((key, i))
            for k, span_start in tries:
                if not (self._text_index.get(k) or self._com_keys.get(k) or self._del_keys.get(k)):
                    continue  # no entries (the quick test of _text_entries)
                entries = self._text_entries(k)
                if not entries:
                    continue
                if k != key and not any(kind in ("commune", "deleguee", "departement", "region", "ancienne-region")
                                        for kind, _ in entries):
                    continue  # only official names carry their article
                if not self._caps_ok(tokens, folded, i, j, entries):
                    continue
                if span_start == i - 1 and k != key and j < len(tokens) and re.match(
                        r"\s+(?:de|des|du|d['’])\s*[A-ZÉÈÀÂÎ]", text[tokens[j - 1][2]:tokens[j - 1][2] + 8]):
                    continue  # 'la Crèche des Quatre Vents': a name the lower-case article opens, no commune
                use_cue = _cue_before(text, tokens, folded, i - 1) if span_start == i - 1 else cue
                t = self._choose(entries, k, tokens, folded, span_start if span_start == i - 1 else i, i, j,
                                 use_cue, ctx, text)
                if t is not None:
                    return t, span_start, j
                if k != key:
                    continue  # "la Creuse" (a small commune) rejected: try "Creuse" (the département)
                # a longer name that is rejected does not let a shorter one inside it be tried ("Orange Bleue")
                return None
        return None

    def _names_start_at(self, folded: list[str], i: int, limit: int) -> bool:
        """Whether a key of tokens i..j (j <= limit), alone or after the article _match_at may try, has entries.

        That article comes from the word before: itself ('la Rochelle') or the one inside 'au'/'du'/'aux'/'des'."""
        index, com_keys, del_keys = self._text_index, self._com_keys, self._del_keys
        prev = folded[i - 1] if i > 0 else ""
        art = _CONTRACTED_ARTICLE.get(prev) or (prev if prev in _ARTICLES else None)
        for j in range(limit, i, -1):
            key = " ".join(folded[i:j])
            if index.get(key) or com_keys.get(key) or del_keys.get(key):
                return True
            if art is not None:
                key = f"{art} {key}"
                if index.get(key) or com_keys.get(key) or del_keys.get(key):
                    return True
        return False

    @staticmethod
    def _caps_ok(tokens, folded, i: int, j: int, entries: list[tuple[str, str]]) -> bool:
        loose = all(kind in ("pnr", "epci", "pnr-alias") for kind, _ in entries)
        for k in range(i, j):
            word = tokens[k][0]
            if folded[k] in _PARTICLES or word[:1].isupper() or word[:1].isdigit():
                continue
            if loose:
                continue
            return False
        return True

    def _choose(self, entries: list[tuple[str, str]], key: str, tokens, folded, s: int, i: int, j: int, cue: _Cue,
                ctx: ResolveContext, text: str) -> Territory | None:
        """Pick the territory for the name key matched on tokens s..j (i: first capitalised token)."""
        # a name glued to other capitalised words is part of a longer proper noun (person, organisation)
        glued_before = (s > 0 and _joined(text, tokens, s) and tokens[s - 1][0][:1].isupper()
                        and folded[s - 1] not in _CUE_WORDS and not cue.strong)
        glued_after = (j < len(tokens) and _joined(text, tokens, j) and tokens[j][0][:1].isupper()
                       and folded[j] not in _PARTICLES)
        if glued_before or glued_after:
            return None
        if _street_before(tokens, folded, s):
            return None  # "rue de Paris", "quartier Orgeval": a street or a district named after the place
        if _area_before(tokens, folded, s) and {k for k, _ in entries} <= {"commune", "deleguee"}:
            return None  # 'la Ressourcerie du Val de Saône', 'le Plateau de Millevaches': a valley, not the commune
        matched = text[tokens[i][1]:tokens[j - 1][2]]
        all_caps = matched.isupper() and len(matched) > 1
        single = j - i == 1
        stop = key in self._stop or _strip_article(key) in self._stop
        kinds = {k for k, _ in entries}
        if stop and not cue.kind and kinds <= {"commune"} and text[:tokens[s][1]].endswith("(") \
                and text[tokens[j - 1][2]:].startswith(")"):
            cue = _Cue("commune", "(")  # 'Tiers-lieu La Fabrique (Die)': a commune alone in brackets after a name
        followed_by_dep = self._dep_after(text, tokens, j)
        local_ctx = ResolveContext((followed_by_dep,), (), ()).merged(ctx) if followed_by_dep else ctx

        def pick(kind: str) -> Territory | None:
            ids = [ident for k, ident in entries if k == kind]
            if not ids:
                return None
            if kind == "region":
                return self.region(ids[0])
            if kind == "ancienne-region":
                return self.ancienne_region(ids[0])
            if kind == "departement":
                return self.departement(ids[0])
            if kind in ("pnr", "pnr-alias"):
                return self.pnr(ids[0])
            if kind in ("epci", "epci-core"):
                return self._epci_pick(ids, local_ctx, None)
            return None

        if cue.kind == "region":
            return pick("region") or pick("ancienne-region")
        if cue.kind == "departement":
            return pick("departement")
        if cue.kind == "pnr":
            return pick("pnr-alias") or pick("pnr")

        commune_ok = "commune" in kinds or "deleguee" in kinds
        if key == "paris" and cue.kind != "area":
            return self.commune("75056")
        if cue.kind == "commune" and commune_ok:
            t = self._text_commune(key, local_ctx, cue, stop, all_caps, followed_by_dep)
            if t is not None:
                return t
        # larger territories first
        area_kinds = ("region", "ancienne-region", "departement", "pnr", "epci")
        if stop and single and not cue.area:
            area_kinds = ()  # "Nord", "Manche", "Centre" alone are words
        for kind in area_kinds:
            t = pick(kind)
            if t is not None:
                return t
        if "pnr-alias" in kinds and (cue.area or not single):
            return pick("pnr-alias")
        if "epci-core" in kinds and not single:
            return pick("epci-core")
        if commune_ok and cue.kind != "commune":
            return self._text_commune(key, local_ctx, cue, stop, all_caps, followed_by_dep)
        return None

    def _text_commune(self, key: str, ctx: ResolveContext, cue: _Cue, stop: bool, all_caps: bool,
                      dep_after: str | None) -> Territory | None:
        strong = cue.kind == "commune" or dep_after is not None
        if stop and (not strong or all_caps or len(key) <= 2):
            return None
        t = self._resolve_commune(key, ctx, strict=False, hint=dep_after, allow_stopword=True)
        if t is None:
            return None
        if key not in self._com_keys and not strong:
            return None  # a former commune's name (commune déléguée) needs a strong cue
        if (t.population or 0) < SMALL_COMMUNE and not strong:
            return None
        return t

    def _dep_after(self, text: str, tokens, j: int) -> str | None:
        """'Flayat (23)' -> '23'."""
        if j >= len(tokens):
            return None
        m = _DEP_NUMBER.match(text[tokens[j - 1][2]:tokens[j - 1][2] + 8])
        return self._dep_hint(m.group(1)) if m else None


# ----------------------------------------------------------------------------------------------------------------
# free-text helpers


_WORD = re.compile(r"[^\W_]+")
_ARTICLES_AND_CONTRACTIONS = _ARTICLES + ("au", "aux", "du", "des")
_CONTRACTED_ARTICLE = {"au": "le", "du": "le", "aux": "les", "des": "les"}
_NAME_GAP = re.compile(r"[ \t\u00a0\-'’]{1,3}|\s?[-–]\s?")  # between the words of one name
_CUE_GAP = re.compile(r"[ \t\u00a0'’\-]{1,3}|\s{1,3}")  # between the words of a cue phrase
# (a hyphen between blanks is a dash written with the hyphen key: 'Les Mains Vertes - Besançon (25)' separates)
_JOIN_GAP = re.compile(r"(?![ \t\u00a0]-[ \t\u00a0])[ \t\u00a0\-'’]{1,3}")
_DEP_NUMBER = re.compile(r"\s*\((\d{2,3}|2[AB])\)")


def _token_key(tok: str) -> str:
    k = fold(tok)
    return k.replace(" ", "") if k else ""


def _joined(text: str, tokens, j: int) -> bool:
    """True when token j-1 and token j are separated by blanks, hyphens or apostrophes only (same phrase)."""
    if j <= 0 or j >= len(tokens):
        return False
    gap = text[tokens[j - 1][2]:tokens[j][1]]
    return bool(_JOIN_GAP.fullmatch(gap))


_STREET_WORDS = frozenset(
    """rue avenue av bd boulevard place allee allees chemin impasse quai route square cours quartier quartiers cite
    residence lotissement faubourg porte pont gare stade college lycee ecole hopital clinique""".split())


def _street_before(tokens, folded, s: int) -> bool:
    """True when the name follows a street / district word ("rue de Paris", "quartier d'Orgeval")."""
    k = s - 1
    while k >= 0 and folded[k] in ("de", "du", "des", "d", "la", "le", "les", "l") and s - k <= 3:
        k -= 1
    if k >= 0 and folded[k] == "quartiers" and k < s - 1:
        return False  # "les quartiers de la Rochelle": the districts of that commune
    return k >= 0 and folded[k] in _STREET_WORDS


# natural areas named after a river or a place ('Val de Saône', 'Plateau de Millevaches', 'Vallée de la Bruche')
_AREA_WORDS = frozenset("val vallee vallees plateau plateaux plaine bassin massif monts gorges causse causses".split())


def _area_before(tokens, folded, s: int) -> bool:
    """True when the name follows a capitalised natural area word and its particle ('Val de Saône')."""
    k = s - 1
    while k >= 0 and folded[k] in ("de", "du", "des", "d", "la", "le", "les", "l") and s - k <= 3:
        k -= 1
    return 0 <= k < s - 1 and folded[k] in _AREA_WORDS and tokens[k][0][:1].isupper()


_CUE_WORDS = frozenset(
    """a au aux de du des d en dans le la les l sur vers pour par entre pres depuis commune ville mairie village
    departement departemental departementale region regionale regional conseil parc pnr basee base situe situee
    cd cg cr et""".split())


@dataclass(frozen=True)
class _Cue:
    kind: str = ""  # "", "commune", "area", "region", "departement", "pnr", "weak"
    word: str = ""  # the word right before the name (folded)

    @property
    def strong(self) -> bool:
        return self.kind in ("commune", "area", "region", "departement", "pnr")

    @property
    def area(self) -> bool:
        return self.kind in ("area", "region", "departement", "pnr")


_CUE_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(?:^| )(?:conseil )?(?:region|regional|regionale)(?: (?:de la|de l|du|des|de|d))?$"), "region"),
    (re.compile(r"(?:^| )(?:conseil general|conseil departemental|departement|departemental|departementale|cd|cg)"
                r"(?: (?:de la|de l|du|des|de|d))?$"), "departement"),
    (re.compile(r"(?:^| )(?:parc naturel regional|parc naturel|pnr|parc)(?: (?:de la|de l|du|des|de|d))?$"), "pnr"),
    (re.compile(r"(?:^| )(?:commune|ville|mairie|village|municipalite)(?: (?:de|d))?$"), "commune"),
    (re.compile(r"(?:^| )(?:dans (?:le|la|les|l)|en)$"), "area"),
    (re.compile(r"(?:^| )(?:de|d|du|des|sur|vers|pour|par|entre|pres de|depuis|et|au|aux)$"), "weak"),
]


def _cue_before(text: str, tokens, folded, i: int) -> _Cue:
    """The cue phrase right before token i (same clause, at most 4 words)."""
    words: list[str] = []
    k = i - 1
    while k >= 0 and len(words) < 4:
        gap = text[tokens[k][2]:tokens[k + 1][1]]
        if not _CUE_GAP.fullmatch(gap):
            break
        words.insert(0, folded[k])
        k -= 1
    if not words:
        return _Cue()
    prev_tok = tokens[i - 1][0]
    if folded[i - 1] == "a" and prev_tok in ("à", "À", "A"):
        return _Cue("commune", "a")
    phrase = " ".join(words)
    for rule, kind in _CUE_RULES:
        if rule.search(phrase):
            return _Cue(kind, words[-1])
    return _Cue("", words[-1])


# ----------------------------------------------------------------------------------------------------------------
# module-level API on the default gazetteer


def load_gazetteer() -> Gazetteer:
    """The gazetteer of the package (loaded once)."""
    return Gazetteer.load()


def resolve(name: str, context: ResolveContext | None = None, *, allow_lieu: bool = True) -> Territory | None:
    """Territory named ``name`` as written in a document; see Gazetteer.resolve."""
    return Gazetteer.load().resolve(name, context, allow_lieu=allow_lieu)


#: a street's name ends here: 'rue de Pont-Aven', '12, boulevard de Verdun', 'place du Général-de-Gaulle'
_STREET_BEFORE = re.compile(r"(?<![\w-])(?:rue|avenue|av\.|boulevard|bd|allée|allées|chemin|impasse|quai|square|cours|"
                            r"esplanade|passage|parvis|rond-point|place|route|ruelle|sentier|faubourg|cité|résidence)"
                            r"(?:\s+(?:de\s+la|de\s+l['’]|du|des|de|d['’]|la|le|les))?\s*$", re.IGNORECASE)


# the natural area words of _AREA_WORDS as written, and their particle, before a name ('la Ressourcerie du Val de ')
_AREA_BEFORE = re.compile(r"\b(?:Val|Vallées?|Plateaux?|Plaine|Bassin|Massif|Monts|Gorges|Causses?)\s+"
                          r"(?:de\s+la\s+|de\s+l['’]\s*|du\s+|des\s+|de\s+|d['’]\s*)$")


def after_area_word(text: str, pos: int) -> bool:
    """Whether the name at `pos` follows a capitalised natural area word ('Val de Saône', 'Plateau de Millevaches'):
    the area's name, no commune (the text form of _area_before, for names found without tokens)."""
    return _AREA_BEFORE.search(text, max(0, pos - 30), pos) is not None


def after_street_word(text: str, pos: int) -> bool:
    """Whether the name at `pos` is a street's ('rue de Pont-Aven', 'boulevard de Verdun'): no place of its own."""
    return _STREET_BEFORE.search(text, max(0, pos - 40), pos) is not None


def body_acronym(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is an acronym in parentheses right after a name that is no place's: 'l'association
    Atelier du Réemploi Artésien (ARA)' (the body's acronym), not 'à Lyon (ARA)' (the région of the place)."""
    if text[start - 1:start] != "(" or text[end:end + 1] != ")" or not text[start:end].isupper():
        return False
    before = re.search(r"([^\W\d_][\w'’-]*)\s*$", text[max(0, start - 41):start - 1])
    return before is not None and resolve(before.group(1), None, allow_lieu=False) is None


# lower-case words that make the capitalised name before them an institution's ('Union européenne', 'Assemblée
# nationale', 'Agence nationale'), compared as folded tokens
_INSTITUTION_ADJECTIVES = frozenset({"europeenne", "europeen", "europeens", "europeennes", "nationale", "national",
                                     "internationale", "international", "mondiale", "africaine", "francaise"})


def find_places(text: str, context: ResolveContext | None = None) -> list[PlaceMention]:
    """Territory mentions in free text; see Gazetteer.find_places."""
    return Gazetteer.load().find_places(text, context)


def ancestors(territory: Territory) -> list[Territory]:
    """All including territories up to the région (transitive), nearest first."""
    return Gazetteer.load().ancestors(territory)


def get(slug: str) -> Territory | None:
    """Territory of a gazetteer slug (communes, départements, régions, anciennes régions, EPCI, PNR)."""
    return Gazetteer.load().get(slug)
