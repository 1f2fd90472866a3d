"""`jsontext.dumps_indented` against the standard library's `json.dumps(ensure_ascii=False, indent=1)`, the
reference, on generated JSON values (the JSON-LD files are written with it)."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from isgraph.publication.jsontext import dumps_indented

scalars = (st.none() | st.booleans() | st.integers(min_value=-(10 ** 30), max_value=10 ** 30)
           | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=12))
keys = st.text(max_size=6) | st.integers(-5, 5) | st.floats(allow_nan=False, width=16) | st.booleans() | st.none()
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
                      | st.dictionaries(keys, inner, max_size=4), max_leaves=25)


@settings(max_examples=400, deadline=None)
@given(values, st.sampled_from(["", "  ", "\t"]))
def test_same_text_as_json_dumps(value, margin):
    expected = json.dumps(value, ensure_ascii=False, indent=1).replace("\n", "\n" + margin)
    assert dumps_indented(value, margin) == expected


def test_escapes_and_nested_empty_containers():
    value = {"@id": "ex:a\u2028", "t": ['"\\\n\x00é', {}, [], {"k": [[]]}], "n": [-0.0, 1e300, 10 ** 17]}
    assert dumps_indented(value) == json.dumps(value, ensure_ascii=False, indent=1)


def test_refuses_what_json_refuses():
    import pytest

    with pytest.raises(TypeError):
        dumps_indented({"a": object()})
    with pytest.raises(TypeError):
        dumps_indented({(1, 2): "tuple key"})
