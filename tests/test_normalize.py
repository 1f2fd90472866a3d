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
