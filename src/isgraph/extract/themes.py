"""Theme classification from the thesaurus `themes.ttl`: skos:prefLabel / skos:hiddenLabel keywords, matched at word
starts as prefixes after `fold` ("convivi" matches "convivialité"; in a keyword of several words, the inner words
also take plural / feminine endings: "personnes âgées" matches "personne âgée"), and skos:altLabel acronyms, matched
as whole words ("ESS" matches "ESS", not "essentiel").

No theme knowledge lives in code: edit `ontology/themes.ttl` to change what a theme means, and
`data/theme_contexts.tsv` for the keywords that name a theme only in context ("isolation" is fuel poverty when the
record is about households who struggle, energy transition otherwise). The code only decides how much each piece of
evidence weighs, from the structure of the record:

- the initiative's own text (`record.text`): every keyword hit counts (longer, multi-word keywords a little more),
  with diminishing returns (a theme named ten times is not ten times as relevant as one named once); hits inside
  the name of an organisation that carries, helps or funds it ("Maison de l'emploi", "Jeunesse et sports",
  "Reims habitat") count for little: who is involved is weak evidence of what the initiative is about;
- a hit inside a longer hit of another theme counts for little ("économie sociale" inside "économie sociale et
  familiale", "énergie" inside "factures d'énergie"): the longer phrase says what the words mean there;
- its title: a theme named in the title is what the initiative is about;
- its `categorie` (the heading it appears under, e.g. a TERRITORIA domain "Mobilité" or a Néo Terra "Enjeu 3 Lutter
  contre les discriminations") and its `missions` (the "Missions concernées" words of a carte postale): themes
  chosen by the document's authors, strong evidence;
- `hints`: theme codes stated by the document structure itself (extractors may fill `record.themes`); they come
  first, as given.

The best-scored themes are kept (at least `MIN_THEMES` when they have real evidence, `MIN_THEMES_SHORT` in a text of at
most `SHORT_TEXT` characters, where nothing is named in passing; others when close enough to the best one), at most
`max_themes`, most relevant first; ties are broken by code, so the result is deterministic.

Everything is computed per record, so records can be classified in the extraction worker processes, and the codes of
a text never depend on the other documents. (Weighting themes by their corpus frequency, IDF-style, was tried and
lowered F1 on the dev gold: frequent themes such as lien-social or education-formation are frequent in the gold too.
Sentence embeddings (all-MiniLM-L6-v2) and spaCy French word vectors against the concepts' definitions were
measured as well, alone and to rank / fill the keyword themes: at most +0.01 F1 on the held-out descriptions, for
40 s of model loading and 25-300 s per 1,000 records; see BENCHMARKS.md, Themes.)
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable

from rdflib import Graph
from rdflib.namespace import SKOS

from isgraph import paths
from isgraph.errors import ResourceError
from isgraph.normalize import fold, fold_lines, word_spans
from isgraph.extract.records import InitiativeRecord

MAX_THEMES = 4
MIN_THEMES = 2  # themes kept whenever they reach MIN_SCORE, even far below the best one
MIN_SCORE = 1.0  # evidence needed to keep a theme: one plain keyword hit in the text
SHORT_TEXT = 600  # characters: in a text this short (a laureate line, a deliberation item) every theme named counts
MIN_THEMES_SHORT = 3  # themes kept in a short text whenever they reach MIN_SCORE
RELATIVE = 0.34  # beyond MIN_THEMES, a theme is kept when its score is at least this fraction of the best score

MULTIWORD_BONUS = 0.5  # per extra word of a keyword ("aide alimentaire" weighs 1.5, "alimentation" 1)
NAME_WEIGHT = 0.3  # a hit inside the name of a porteur, partner or funder
TITLE_WEIGHT = 1.0  # added per hit in the title
CATEGORIE_WEIGHT = 1.0  # added once for a theme named by the categorie heading
MISSION_WEIGHT = 0.5  # added per "Missions concernées" entry naming the theme (at most MISSION_CAP entries)
MISSION_CAP = 2
NESTED_WEIGHT = 0.3  # a hit inside a longer hit of another theme
MISSION_MAX_WORDS = 4  # longer entries name programmes ("Education au territoire du Parc ..."), not themes


@dataclass(frozen=True)
class Theme:
    code: str
    label: str
    keywords: tuple[str, ...]  # folded; prefLabel + hiddenLabel, matched as word-start prefixes
    words: tuple[str, ...] = ()  # folded; altLabel (acronyms, synonyms), matched as whole words only


@dataclass(frozen=True)
class Hit:
    code: str
    keyword: str  # folded text matched
    start: int  # offsets in the folded text
    end: int

    @property
    def weight(self) -> float:
        return 1.0 + MULTIWORD_BONUS * self.keyword.count(" ")


@lru_cache(maxsize=1)
def thesaurus() -> tuple[Theme, ...]:
    from isgraph.resources import parse_turtle

    graph = parse_turtle(paths.THEMES_FILE)
    themes = []
    for concept, code in graph.subject_objects(SKOS.notation):
        labels = [str(o) for o in graph.objects(concept, SKOS.prefLabel) if getattr(o, "language", None) == "fr"]
        themes.append(Theme(str(code), labels[0] if labels else str(code),
                            _folded_labels(graph, concept, SKOS.prefLabel, SKOS.hiddenLabel),
                            _folded_labels(graph, concept, SKOS.altLabel)))
    return tuple(sorted(themes, key=lambda t: t.code))


def _folded_labels(graph: Graph, concept, *props) -> tuple[str, ...]:
    return tuple(sorted({fold(str(o)) for p in props for o in graph.objects(concept, p)
                         if getattr(o, "language", "fr") in ("fr", None)} - {""}))


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    out = []
    for theme in thesaurus():
        # keywords match at word starts, a keyword may be a stem ("convivi" matches "convivialité"); altLabels
        # (acronyms such as "ESS") match whole words only, so "ESS" does not fire on "essentiel"
        branches = [rf"\b(?:{'|'.join(convert(k) for k in sorted(keys, key=len, reverse=True))}){end}"
                    for keys, end, convert in ((theme.keywords, "", keyword_regex), (theme.words, r"\b", re.escape))
                    if keys]
        if branches:
            out.append((theme.code, re.compile("|".join(branches))))
    return tuple(out)


INFLECT_MIN = 4  # inner words of a keyword at least this long take plural / feminine endings
_ENDINGS = "(?:e|s|es|x)?"


def _keyword_parts(keyword: str) -> tuple[str, str]:
    """(regex, literal head) of a folded keyword. A one-word keyword is a prefix ("handicap" matches "handicapées").
    In a keyword of several words, a word of INFLECT_MIN letters or more loses its plural mark and, unless last, takes
    any plural / feminine ending: "personnes agees" matches "personne âgée", "conseiller numerique" matches
    "conseillers numériques", "jardins partages" matches "jardin partagé". The head is the literal text every match
    starts with."""
    words = keyword.split(" ")
    if len(words) == 1:
        return re.escape(keyword), keyword
    parts, head, literal = [], [], True
    for i, word in enumerate(words):
        inflects = len(word) >= INFLECT_MIN
        stem = word[:-1] if inflects and len(word) > INFLECT_MIN and word[-1] in "sx" else word
        last = i == len(words) - 1
        parts.append(re.escape(stem) + (_ENDINGS if inflects and not last else ""))
        if literal:
            head.append(stem)
            literal = not inflects
    return " ".join(parts), " ".join(head)


def keyword_regex(keyword: str) -> str:
    return _keyword_parts(keyword)[0]


def _trie_regex(words: Iterable[str]) -> str:
    """A regex matching exactly these words, as a character trie (one pass per position, not one try per word)."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def walk(node: dict) -> str:
        branches = [re.escape(char) + walk(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        group = branches[0] if len(branches) == 1 and "" not in node else "(?:" + "|".join(branches) + ")"
        return group + "?" if "" in node else group

    return walk(trie)


_PREFIX = 9


@lru_cache(maxsize=1)
def _keyword_starts() -> tuple[re.Pattern[str], int, dict[str, tuple[int, ...]]]:
    """(a pattern finding the word starts where a keyword may begin, n, the first n characters of a keyword -> the
    themes (indexes in `_patterns()`) with a keyword starting so), n being the length of the shortest keyword."""
    keys = {theme.code: {_keyword_parts(k)[1] for k in theme.keywords} | set(theme.words) for theme in thesaurus()}
    words = set().union(*keys.values())
    if not words:
        return re.compile(r"(?!)"), 1, {}
    n = min(len(w) for w in words)
    themes_by_start: dict[str, list[int]] = defaultdict(list)
    for index, (code, _) in enumerate(_patterns()):
        for start in sorted({k[:n] for k in keys[code]}):
            themes_by_start[start].append(index)
    # the first PREFIX characters of every keyword: nearly as selective as whole keywords, much quicker to compile
    starts = re.compile(rf"\b(?={_trie_regex({w[:_PREFIX] for w in words})})")
    return starts, n, {k: tuple(v) for k, v in themes_by_start.items()}


def find_hits(folded: str) -> list[Hit]:
    """Keyword hits in a folded text, in (code, position) order.

    Same hits as running each theme's pattern over the whole text: a pattern matches at word starts only where one
    of its keywords begins, so each one is tried at those positions only, left to right, without overlapping its
    own previous hit (what `finditer` does)."""
    starts, n, themes_by_start = _keyword_starts()
    patterns = _patterns()
    found: dict[int, list[Hit]] = {}
    ends: dict[int, int] = {}
    for c in starts.finditer(folded):
        pos = c.start()
        for index in themes_by_start[folded[pos : pos + n]]:
            if pos < ends.get(index, 0):
                continue
            code, pattern = patterns[index]
            m = pattern.match(folded, pos)
            if m:
                found.setdefault(index, []).append(Hit(code, m.group(0), m.start(), m.end()))
                ends[index] = m.end()
    return [hit for index in sorted(found) for hit in found[index]]


def nested_hits(hits: list[Hit]) -> set[int]:
    """Indexes of the hits strictly inside a longer hit of another theme: "énergie" inside "factures d'énergie"
    (precarite-energetique), "économie sociale" inside "économie sociale et familiale" (pauvrete-exclusion). The
    longer phrase says what the words mean here; the inner hit counts for little (NESTED_WEIGHT). Hits of the same
    span (one phrase listed under two themes) are not nested."""
    out = set()
    for i, hit in enumerate(hits):
        for other in hits:
            if (other.code != hit.code and other.start <= hit.start and hit.end <= other.end
                    and other.end - other.start > hit.end - hit.start):
                out.add(i)
                break
    return out


@dataclass(frozen=True)
class Context:
    """A keyword that names its theme only in context (data/theme_contexts.tsv)."""

    code: str
    keyword: str  # folded
    context: frozenset[str]  # theme codes
    fallback: str | None  # theme code the hit counts for when the context is missing


@lru_cache(maxsize=1)
def contexts() -> tuple[Context, ...]:
    """The contextual keywords, checked against the thesaurus (each is a keyword of its theme)."""
    path = paths.THEME_CONTEXTS_FILE
    codes = {t.code: t for t in thesaurus()}
    out = []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ResourceError(f"cannot read the theme contexts: {exc}".splitlines()[0], path=path) from None
    for number, line in enumerate(text.splitlines(), 1):
        if not line or line.startswith("#") or line.startswith("theme\t"):
            continue
        cells = line.split("\t")
        if len(cells) != 4:
            raise ResourceError("expected 4 tab-separated columns", path=path, line=number)
        code, keyword, context, fallback = cells
        named = [code, *context.split(), *([] if fallback == "-" else [fallback])]
        unknown = [c for c in named if c not in codes]
        if unknown:
            raise ResourceError(f"unknown theme code {unknown[0]!r}", path=path, line=number)
        if fold(keyword) not in codes[code].keywords:
            raise ResourceError(f"{keyword!r} is not a keyword of theme {code!r}", path=path, line=number)
        out.append(Context(code, fold(keyword), frozenset(context.split()), None if fallback == "-" else fallback))
    return tuple(out)


@lru_cache(maxsize=1)
def _context_patterns() -> dict[str, tuple[re.Pattern[str], tuple[Context, ...]]]:
    """theme code -> (a pattern whose n-th group fully matches the text of a hit of the n-th contextual keyword of
    that theme, those keywords), longest keywords first like the theme patterns."""
    by_code: dict[str, list[Context]] = defaultdict(list)
    for ctx in contexts():
        by_code[ctx.code].append(ctx)
    out = {}
    for code, items in by_code.items():
        items.sort(key=lambda c: (-len(c.keyword), c.keyword))
        out[code] = (re.compile("|".join(f"({keyword_regex(c.keyword)})" for c in items)), tuple(items))
    return out


def _contextual(hit: Hit) -> Context | None:
    entry = _context_patterns().get(hit.code)
    if not entry:
        return None
    pattern, items = entry
    m = pattern.fullmatch(hit.keyword)
    return items[m.lastindex - 1] if m else None


def in_context(hits: list[Hit], extra: Iterable[Hit] = ()) -> list[Hit]:
    """The hits with contextual keywords resolved: such a hit keeps its theme when `hits` or `extra` (the rest of the
    record) hold a non-contextual hit of its theme or of a context theme; otherwise it becomes a hit of the fallback
    theme, or is dropped."""
    all_hits = list(hits) + list(extra)
    resolved = [(hit, _contextual(hit)) for hit in all_hits]
    present = {hit.code for hit, ctx in resolved if ctx is None}
    out = []
    for hit, ctx in resolved[: len(hits)]:
        if ctx is None or ctx.context & present or ctx.code in present:
            out.append(hit)
        elif ctx.fallback:
            out.append(Hit(ctx.fallback, hit.keyword, hit.start, hit.end))
    return out


def weighted_hits(folded: str, extra: Iterable[Hit] = (), hits: list[Hit] | None = None) -> list[tuple[Hit, float]]:
    """Each keyword hit of a folded text with its weight (nested hits weigh NESTED_WEIGHT of theirs), contextual
    keywords resolved against the text's own hits and `extra` ones. `hits`: `find_hits(folded)` when known."""
    hits = in_context(find_hits(folded) if hits is None else hits, extra)
    nested = nested_hits(hits)
    return [(hit, hit.weight * (NESTED_WEIGHT if i in nested else 1.0)) for i, hit in enumerate(hits)]


def score_themes(text: str) -> dict[str, float]:
    """Keyword hits per theme code (longer keywords weigh more), no damping: the raw evidence of one text."""
    scores: dict[str, float] = defaultdict(float)
    for hit, weight in weighted_hits(fold(text)):
        scores[hit.code] += weight
    return dict(scores)


def _damp(value: float) -> float:
    """Diminishing returns: 1 hit -> 1, 3 hits -> 2, 7 hits -> 3."""
    return math.log2(1.0 + value)


def _name_spans(folded: str, names: Iterable[str]) -> list[tuple[int, int]]:
    spans = []
    for name in names:
        key = fold(name)
        if len(key) < 4:
            continue
        spans.extend(word_spans(folded, key))
    return spans


def record_scores(record: InitiativeRecord) -> dict[str, float]:
    """Evidence per theme code for one record (see the module docstring)."""
    scores: dict[str, float] = defaultdict(float)
    text = fold_lines(record.text or record.title)
    names = [m.name for m in record.porteurs + record.partenaires] + [f.funder for f in record.financements]
    spans = _name_spans(text, names)
    raw: dict[str, float] = defaultdict(float)
    title = fold(record.title) if record.text and record.title else ""
    text_hits, title_hits = find_hits(text), find_hits(title) if title else []
    for hit, weight in weighted_hits(text, title_hits, text_hits):
        inside = any(a <= hit.start < b for a, b in spans)
        raw[hit.code] += weight * (NAME_WEIGHT if inside else 1.0)
    for code, value in raw.items():
        scores[code] += _damp(value)
    if title:
        for hit, weight in weighted_hits(title, text_hits, title_hits):
            scores[hit.code] += TITLE_WEIGHT * weight
    if record.categorie:
        for code in {hit.code for hit in find_hits(fold(record.categorie))}:
            scores[code] += CATEGORIE_WEIGHT
    missions: dict[str, int] = defaultdict(int)
    for words in record.missions:
        if len(fold(words).split()) > MISSION_MAX_WORDS:
            continue
        for code in {hit.code for hit in find_hits(fold(words))}:
            missions[code] += 1
    for code, n in missions.items():
        # the mission words are usually in the card's text too; named by a mission, a theme is always eligible
        scores[code] = max(scores[code] + MISSION_WEIGHT * min(n, MISSION_CAP), MIN_SCORE)
    return dict(scores)


def select(scores: dict[str, float], hints: list[str] | None = None, max_themes: int = MAX_THEMES,
           min_themes: int = MIN_THEMES) -> list[str]:
    """Hints first, then the best-scored themes (ties broken by code)."""
    ordered = list(dict.fromkeys(hints or []))
    ranked = sorted(((code, value) for code, value in scores.items() if value >= MIN_SCORE),
                    key=lambda kv: (-kv[1], kv[0]))
    if ranked:
        best = ranked[0][1]
        kept = 0
        for code, value in ranked:
            if kept < min_themes or value >= RELATIVE * best:
                kept += 1
                if code not in ordered:
                    ordered.append(code)
    return ordered[:max_themes]


def classify_record(record: InitiativeRecord, hints: list[str] | None = None,
                    max_themes: int = MAX_THEMES) -> list[str]:
    """1 to `max_themes` theme codes for a record, most relevant first ([] when nothing in it names a theme).

    `hints` default to the codes the extractor put in `record.themes`."""
    short = len(record.text or record.title) <= SHORT_TEXT
    return select(record_scores(record), record.themes if hints is None else hints, max_themes,
                  MIN_THEMES_SHORT if short else MIN_THEMES)


def classify(text: str, hints: list[str] | None = None, max_themes: int = MAX_THEMES) -> list[str]:
    """1 to `max_themes` theme codes for a bare text, most relevant first. `hints` (codes given by document
    structure) come first."""
    return classify_record(InitiativeRecord(doc="", title="", start=0, end=0, text=text), hints or [], max_themes)
