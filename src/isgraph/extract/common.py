"""Text helpers shared by every extractor: list splitting, generic vs named actors, persons, contacts.

All knowledge about words lives in data files (`src/isgraph/data/*.tsv|txt`), loaded once.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .. import paths
from ..normalize import clean_text, fold

EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE_RE = re.compile(r"(?:\+33\s?|0)[1-9](?:[\s.-]?\d{2}){4}")
URL_RE = re.compile(r"(?:https?://|www\.)\S+")


def read_word_list(path) -> list[str]:
    """A curated word list: one entry a line, '#' comments and blank lines ignored."""
    out = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return out


def read_tsv(path) -> list[list[str]]:
    rows = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        rows.append([c.strip() for c in raw.split("\t")])
    return rows[1:] if rows and rows[0] and rows[0][0].startswith("@") else rows


@lru_cache(maxsize=1)
def generic_heads() -> frozenset[str]:
    """Folded head words of generic, unnamed partner categories ("associations", "communes", "habitants")."""
    return frozenset(fold(w) for w in read_word_list(paths.GENERIC_ACTORS_FILE))


_ARTICLES = {"les", "des", "la", "le", "l", "d", "de", "du", "aux", "a", "un", "une", "et", "ses", "leurs", "nos"}


def is_generic(name: str) -> bool:
    """True for an unnamed category of partners: 'associations locales', 'Communes du territoire', 'écoles'."""
    words = [w for w in fold(name).split() if w not in _ARTICLES]
    if not words:
        return True
    return words[0] in generic_heads()


def strip_contacts(text: str) -> str:
    """Remove e-mail addresses, phone numbers and URLs from a text."""
    return URL_RE.sub(" ", PHONE_RE.sub(" ", EMAIL_RE.sub(" ", text)))


_SPLIT_RE = re.compile(r"\s*(?:[,;•·●▪]|\n|\s-\s|^-|\s/\s)\s*")
_TRAILING_NOISE = re.compile(r"(?:\s*(?:,|\.{2,}|…|etc\.*))+\s*$", re.IGNORECASE)


def split_actor_list(text: str) -> list[str]:
    """Split a written list of organisations into items, dropping 'etc.', bullets and empty items."""
    text = strip_contacts(text)
    items = []
    for part in _SPLIT_RE.split(text):
        part = _TRAILING_NOISE.sub("", clean_text(part)).strip(" .:-–*")
        if part and fold(part) not in ("etc", "") and len(part) > 1:
            items.append(part)
    return items


_UPPER_NAME = re.compile(r"^[A-ZÉÈÀÂÎÏÔÖÛÜÇ][a-zéèêëàâîïôöûüç]+(?:-[A-ZÉÈ][a-zéèêëàâîïôöûüç]+)?\s+[A-ZÉÈÀÂÎÏÔÖÛÜÇ'-]{2,}(?:\s+[A-ZÉÈÀÂÎÏÔÖÛÜÇ'-]{2,})*$")


def looks_like_person(name: str) -> bool:
    """'Caroline MAIRESSE', 'Bruno GABORIAU' (first name + upper-case surname)."""
    return bool(_UPPER_NAME.match(clean_text(name)))
