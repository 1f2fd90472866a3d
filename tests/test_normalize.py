import re

from hypothesis import given, strategies as st

from isgraph.normalize import clean_text, fold, slugify


def test_fold_ignores_accents_case_punctuation():
    assert fold("Région Nouvelle-Aquitaine") == fold("region nouvelle aquitaine")
    assert fold("Caisse d’Allocations") == fold("caisse d'allocations")
    assert fold("Œuvre") == "oeuvre"


def test_slugify_examples():
    assert slugify("Parc naturel régional Scarpe-Escaut") == "parc-naturel-regional-scarpe-escaut"
    assert slugify("CCAS de Nancy") == "ccas-de-nancy"
    assert slugify("!!!") == "x"


def test_clean_text_typography():
    assert clean_text("l’Orée\u00a0 ATIS – test") == "l'Orée ATIS - test"


@given(st.text(max_size=300))
def test_slug_is_iri_safe_and_bounded(text):
    slug = slugify(text)
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*|x", slug)
    assert len(slug) <= 80


@given(st.text(max_size=100))
def test_slug_is_idempotent_and_case_insensitive(text):
    assert slugify(slugify(text)) == slugify(text)
    assert slugify(text.upper()) == slugify(text.lower()) or not text.isascii()


@given(st.text(max_size=100))
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


# ---- the fast paths give what the plain definitions give --------------------------------------------------------
def _reference_fold(text: str) -> str:
    import unicodedata

    text = text.translate(str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"}))
    text = text.translate(str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-"}))
    text = re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " ").replace("\t", " ")).strip()
    clean = text
    for k, v in {"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"}.items():
        text = text.replace(k, v)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()
    return clean, re.sub(r"[^a-z0-9]+", " ", text).strip()


@given(st.text(max_size=60))
def test_fold_and_clean_text_match_their_definition(text):
    assert (clean_text.__wrapped__(text), fold.__wrapped__(text)) == _reference_fold(text)


def test_fold_matches_its_definition_on_every_character():
    for code in [*range(0x3400), *range(0x3400, 0x110000, 61)]:  # every alphabet (and a sample of the rest)
        text = f"a{chr(code)}b {chr(code)}\u0301"
        assert fold.__wrapped__(text) == _reference_fold(text)[1], hex(code)


@given(st.text(alphabet="ab1 ", max_size=40), st.text(alphabet="ab1 ", min_size=1, max_size=6))
def test_word_spans_are_those_of_the_regex(text, key):
    from isgraph.normalize import word_spans

    text, key = fold(text), fold(key)
    if key:
        assert word_spans(text, key) == [m.span() for m in re.finditer(rf"\b{re.escape(key)}\b", text)]


@given(st.lists(st.text(max_size=20), max_size=6))
def test_fold_lines_is_fold(lines):
    from isgraph.normalize import fold_lines

    text = "\n".join(lines)
    assert fold_lines(text) == fold.__wrapped__(text)


@given(st.lists(st.text(max_size=20), max_size=6))
def test_fold_parts_is_fold_of_the_joined_parts(parts):
    from isgraph.normalize import fold_parts

    assert fold_parts(parts) == fold.__wrapped__(" ".join(parts))


def test_text_cache_memoizes_and_keeps_the_newer_half_when_full():
    import gc

    from isgraph.normalize import text_cache

    calls = []

    @text_cache(4)
    def double(x):
        calls.append(x)
        return x * 2

    assert [double(i) for i in (1, 2, 3, 4, 5, 1, 5, 6, 1)] == [2, 4, 6, 8, 10, 2, 10, 12, 2]
    assert calls == [1, 2, 3, 4, 5, 1, 6]  # 5 dropped 1 and 2; 6 dropped 3 and 4

    @text_cache(8)
    def join(a, b):
        return f"{a} {b}"

    assert join("a", "b") == "a b" and join.__wrapped__("a", "b") == "a b"

    @text_cache(8)
    def upper(text):
        return text.upper()

    upper("abc")
    cache = next(c.cell_contents for c in upper.__closure__ if isinstance(c.cell_contents, dict))
    assert cache == {"abc": "ABC"} and not gc.is_tracked(cache)  # left alone by the garbage collector
