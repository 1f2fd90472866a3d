from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from isgraph.extract.amounts import find_amounts, parse_amount, parse_number


@pytest.mark.parametrize("text,value", [
    ("1 500 000€", 1500000), ("1 500 000 €", 1500000), ("45 k€/an", 45000), ("20k€/an", 20000),
    ("3.000 €", 3000), ("125.500 €", 125500), ("1,5 M€", 1500000), ("1,2 million d'euros", 1200000),
    ("25 000 euros", 25000), ("(budget : 725 000€)", 725000), ("500 €/an les années suivantes", 500),
    ("2,5 millions d’euros", 2500000), ("1\u00a0200\u00a0€", 1200),
])
def test_parse_amount(text, value):
    assert parse_amount(text) == Decimal(value)


def test_range_keeps_lower_and_upper_bound():
    (a,) = find_amounts("Budget PNR :  5000 à 7000€ par an")
    assert a.value == 5000 and a.upper == 7000 and a.yearly


def test_yearly_flag():
    assert find_amounts("45 k€/an")[0].yearly
    assert not find_amounts("3.000 € la première année")[0].yearly


@pytest.mark.parametrize("text", ["22 500", "en 2019", "150 étudiants", "12 ans", "page 5"])
def test_numbers_without_currency_are_not_amounts(text):
    assert parse_amount(text) is None


@given(st.integers(min_value=0, max_value=999_999_999))
def test_thousands_separators_roundtrip(n):
    spaced = f"{n:,}".replace(",", " ")
    dotted = f"{n:,}".replace(",", ".")
    assert parse_amount(f"{spaced} €") == n
    assert parse_amount(f"{dotted} €") == n
    assert parse_amount(f"{n}€") == n


@given(st.integers(min_value=1, max_value=999), st.sampled_from(["k€", "K€", " k€"]))
def test_kilo_euros(n, unit):
    assert parse_amount(f"{n}{unit}") == n * 1000


@given(st.text(max_size=200))
def test_never_crashes_and_values_are_non_negative(text):
    for a in find_amounts(text):
        assert a.value >= 0
        assert text[a.start:a.end].strip() == a.text


def test_parse_number_rejects_garbage():
    with pytest.raises(ValueError):
        parse_number("abc")


def test_digits_before_an_amount_do_not_merge_into_it():
    assert parse_amount("2015-2018 250 000 €") == 250000
    assert parse_amount("en 2019 : 3 000 €") == 3000
