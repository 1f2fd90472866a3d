"""Name normalisation and slugs: the only place that decides how names compare and how IRIs are spelled."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})
_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-"})
_LIGATURES = {"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"}


@lru_cache(maxsize=1 << 16)
def clean_text(text: str) -> str:
    """Typographic normalisation kept in published labels: quotes, dashes, spaces."""
    text = text.translate(_APOSTROPHES).translate(_DASHES)
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\t", " ")
    return re.sub(r"\s+", " ", text).strip()


def strip_accents(text: str) -> str:
    for k, v in _LIGATURES.items():
        text = text.replace(k, v)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Comparison key: lower case, no accents, punctuation -> space, single spaces."""
    text = strip_accents(clean_text(text)).lower()
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return text.strip()


def slugify(text: str, max_length: int = 80) -> str:
    """Stable IRI slug: ASCII lower case, words joined by '-', at most max_length characters.

    Never empty: a name with no letters or digits gives "x".
    """
    slug = fold(text).replace(" ", "-")
    if len(slug) > max_length:
        cut = slug[:max_length]
        slug = cut.rsplit("-", 1)[0] if "-" in cut[max_length // 2 :] else cut
    return slug.strip("-") or "x"
