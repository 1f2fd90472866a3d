"""Theme classification from the thesaurus: the keywords are the skos:hiddenLabel / prefLabel of `themes.ttl`.

No theme knowledge lives in code: edit `ontology/themes.ttl` to change what a theme means.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from rdflib import Graph
from rdflib.namespace import SKOS

from . import paths
from .errors import ResourceError
from .normalize import fold

MAX_THEMES = 4


@dataclass(frozen=True)
class Theme:
    code: str
    label: str
    keywords: tuple[str, ...]  # folded


@lru_cache(maxsize=1)
def thesaurus() -> tuple[Theme, ...]:
    graph = Graph()
    try:
        graph.parse(paths.THEMES_FILE, format="turtle")
    except Exception as exc:  # rdflib raises many types for bad Turtle
        raise ResourceError(f"cannot parse the theme thesaurus: {exc}".splitlines()[0], path=paths.THEMES_FILE) from None
    themes = []
    for concept, code in graph.subject_objects(SKOS.notation):
        labels = [str(o) for o in graph.objects(concept, SKOS.prefLabel) if getattr(o, "language", None) == "fr"]
        keys = {fold(str(o)) for p in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)
                for o in graph.objects(concept, p) if getattr(o, "language", "fr") in ("fr", None)}
        themes.append(Theme(str(code), labels[0] if labels else str(code), tuple(sorted(k for k in keys if k))))
    return tuple(sorted(themes, key=lambda t: t.code))


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    out = []
    for theme in thesaurus():
        alts = "|".join(re.escape(k) for k in sorted(theme.keywords, key=len, reverse=True))
        if alts:
            # keywords match at word starts; a keyword may be a stem ("isol" matches "isolation")
            out.append((theme.code, re.compile(rf"\b(?:{alts})")))
    return tuple(out)


def score_themes(text: str) -> dict[str, float]:
    """Keyword hits per theme code (longer keywords weigh more)."""
    folded = fold(text)
    scores: dict[str, float] = {}
    for code, pattern in _patterns():
        total = 0.0
        for m in pattern.finditer(folded):
            total += 1.0 + 0.5 * m.group(0).count(" ")
        if total:
            scores[code] = total
    return scores


def classify(text: str, hints: list[str] | None = None, max_themes: int = MAX_THEMES) -> list[str]:
    """1 to `max_themes` theme codes, most relevant first. `hints` (codes given by document structure) come first."""
    scores = score_themes(text)
    ordered = list(dict.fromkeys(hints or []))
    if scores:
        best = max(scores.values())
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
        for code, value in ranked:
            if value >= max(1.0, best * 0.34) and code not in ordered:
                ordered.append(code)
    return ordered[:max_themes]
