"""Name normalisation and slugs: the only place that decides how names compare and how IRIs are spelled."""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable


def text_cache(maxsize: int):
    """Memoize a function of texts, like functools.lru_cache(maxsize), in a plain dict (the older half of the
    entries is dropped when it is full).

    With strings, numbers, None or tuples of them as keys and values, the dict is not tracked by the garbage
    collector, whereas each full collection of a long extraction walks all the entries of an lru_cache."""

    def decorate(func):
        cache: dict = {}

        def make_room() -> None:
            for key in list(itertools.islice(cache, maxsize // 2)):
                del cache[key]

        if func.__code__.co_argcount == 1:
            def cached(arg):
                try:
                    return cache[arg]
                except KeyError:
                    pass
                value = func(arg)
                if len(cache) >= maxsize:
                    make_room()
                cache[arg] = value
                return value
        else:
            def cached(*args):
                try:
                    return cache[args]
                except KeyError:
                    pass
                value = func(*args)
                if len(cache) >= maxsize:
                    make_room()
                cache[args] = value
                return value

        functools.update_wrapper(cached, func)
        cached.cache_clear = cache.clear  # type: ignore[attr-defined]
        return cached

    return decorate


_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})
_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-"})
_LIGATURES = {"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"}
_TYPOGRAPHY = tuple((chr(k), v) for table in (_APOSTROPHES, _DASHES) for k, v in table.items())


@text_cache(1 << 16)
def clean_text(text: str) -> str:
    """Typographic normalisation kept in published labels: quotes, dashes, spaces."""
    if text.isascii():
        if "`" in text:
            text = text.replace("`", "'")
    else:  # str.replace scans in C; translate() with a dict looks every character up
        for old, new in _TYPOGRAPHY:
            if old in text:
                text = text.replace(old, new)
    # every run of white space -> one space, stripped (str.split() and re's \s agree on what white space is)
    return " ".join(text.split())


class _AccentTable(dict):
    """str.translate table filled on demand: a character -> itself without accents (ligatures spelled out).

    NFKD decomposes character by character and only reorders combining marks, which are all dropped here, so
    translating each character alone gives the same text as normalising the whole string."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        char = _LIGATURES.get(char, char)
        out = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        self[code] = out
        return out


_ACCENTS = _AccentTable()
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
# fold's last step, on bytes: every byte but [a-z0-9] -> space (non-ASCII characters were encoded as '?')
_ALNUM_OR_SPACE = bytes(b if (0x30 <= b <= 0x39 or 0x61 <= b <= 0x7A) else 0x20 for b in range(256))


def _strip_run(m: re.Match[str]) -> str:
    return m.group(0).translate(_ACCENTS)


def strip_accents(text: str) -> str:
    if text.isascii():
        return text
    return _NON_ASCII_RUN.sub(_strip_run, text)  # ASCII characters are their own translation


@text_cache(1 << 16)
def fold(text: str) -> str:
    """Comparison key: lower case, no accents, punctuation -> space, single spaces."""
    text = strip_accents(clean_text(text)).lower()
    # = re.sub(r"[^a-z0-9]+", " ", text).strip(), in C
    return b" ".join(text.encode("ascii", "replace").translate(_ALNUM_OR_SPACE).split()).decode("ascii")


def fold_parts(parts: Iterable[str]) -> str:
    """fold(" ".join(parts)), each part's key cached (a space separates like any non-letter)."""
    return " ".join(f for f in map(fold, parts) if f)


def fold_lines(text: str) -> str:
    """fold(text), computed line by line: a line break is a separator like any other, so the key of a long text is
    the keys of its lines joined by spaces; each line's key is cached (documents of a corpus share many lines)."""
    if "\n" not in text:
        return fold(text)
    return " ".join(f for f in map(fold, text.split("\n")) if f)


def slugify(text: str, max_length: int = 80) -> str:
    """Stable IRI slug: ASCII lower case, words joined by '-', at most max_length characters.

    Never empty: a name with no letters or digits gives "x".
    """
    slug = fold(text).replace(" ", "-")
    if len(slug) > max_length:
        cut = slug[:max_length]
        slug = cut.rsplit("-", 1)[0] if "-" in cut[max_length // 2 :] else cut
    return slug.strip("-") or "x"


def word_spans(folded: str, key: str) -> list[tuple[int, int]]:
    """Where `key` occurs as whole words in `folded`, left to right, not overlapping: the spans of
    `re.finditer(rf"\\b{re.escape(key)}\\b", folded)` when both are `fold` outputs (only [a-z0-9 ], so a word
    boundary is a space or an end), without compiling a pattern per key."""
    spans: list[tuple[int, int]] = []
    if not key:
        return spans
    n, size = len(key), len(folded)
    i = folded.find(key)
    while i >= 0:
        j = i + n
        if (i == 0 or folded[i - 1] == " ") and (j == size or folded[j] == " "):
            spans.append((i, j))
            i = folded.find(key, j)
        else:
            i = folded.find(key, i + 1)
    return spans
