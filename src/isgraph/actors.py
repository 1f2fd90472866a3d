"""Actor resolution: names as written -> one canonical actor per real organisation.

Rules, in order: clean the written form (quotes, articles, layout noise); look it up in the alias table
(`data/actor_aliases.tsv`, alias -> canonical name); otherwise the canonical key is the folded name. Actors with the
same key are one node; the other spellings become skos:altLabel.  The IRI slug comes from the canonical key, so it
does not depend on which document was read first.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from . import paths
from .normalize import clean_text, fold, slugify

_LEADING_ARTICLE = re.compile(r"^(?:la|le|les|l['’]|du|des|de la|de l['’]|de|d['’]|aux?|avec)\s*(?=\S)", re.IGNORECASE)
_WRAPPING = re.compile(r"^[\s«»\"'“”(\[]+|[\s«»\"'“”)\].,;:]+$")


def clean_actor_name(name: str) -> str:
    """'la Caisse d’Allocations Familiales,' -> "Caisse d'Allocations Familiales"."""
    name = _WRAPPING.sub("", clean_text(name))
    previous = None
    while previous != name:
        previous = name
        stripped = _LEADING_ARTICLE.sub("", name, count=1)
        # keep articles that are part of a proper name written with a capital ("La Gemme", "Les Amis de ...")
        if stripped != name and name[:1].isupper() and not name.lower().startswith(("du ", "des ", "de ", "d'", "avec ")):
            break
        name = stripped
    return _WRAPPING.sub("", name)


@lru_cache(maxsize=1)
def alias_table() -> dict[str, str]:
    """Folded alias -> canonical name, from data/actor_aliases.tsv (canonical names map to themselves)."""
    table: dict[str, str] = {}
    if not paths.ACTOR_ALIASES_FILE.exists():
        return table
    for raw in paths.ACTOR_ALIASES_FILE.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        cols = [c.strip() for c in raw.split("\t")]
        if len(cols) < 2 or cols[0].lower() == "alias":
            continue
        alias, canonical = cols[0], cols[1]
        table[fold(alias)] = canonical
        table.setdefault(fold(canonical), canonical)
    return table


def canonical_name(name: str) -> str:
    cleaned = clean_actor_name(name)
    return alias_table().get(fold(cleaned), cleaned)


def actor_key(name: str) -> str:
    """The identity of an actor: folded canonical name without articles."""
    words = [w for w in fold(canonical_name(name)).split() if w not in ("l", "d", "la", "le", "les", "de", "du", "des")]
    return " ".join(words) or fold(name)


def organisation_type(name: str) -> str | None:
    try:
        from .extract.common import organisation_type as _org_type
    except ImportError:
        return None
    return _org_type(name)


@dataclass
class Actor:
    key: str
    slug: str
    spellings: Counter = field(default_factory=Counter)
    canonical: str | None = None  # name from the alias table, when there is one

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
        return organisation_type(self.label)


class ActorResolver:
    """Collects every actor mention of a build and resolves them to `Actor` objects."""

    def __init__(self) -> None:
        self.actors: dict[str, Actor] = {}

    def resolve(self, name: str) -> Actor | None:
        cleaned = clean_actor_name(name)
        if len(fold(cleaned)) < 2:
            return None
        key = actor_key(cleaned)
        actor = self.actors.get(key)
        if actor is None:
            canonical = alias_table().get(fold(cleaned))
            actor = Actor(key=key, slug=slugify(key), canonical=canonical)
            self.actors[key] = actor
        actor.spellings[cleaned] += 1
        return actor

    def __iter__(self):
        return iter(sorted(self.actors.values(), key=lambda a: a.slug))
