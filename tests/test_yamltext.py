"""The package's YAML is parsed by libyaml to exactly what PyYAML's own parser gives."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from naering_analysis.yamltext import SAFE_LOADER, load_yaml

DATA = Path(__file__).resolve().parents[1] / "src" / "naering_analysis" / "data"


def test_libyaml_is_there_to_be_used():
    assert SAFE_LOADER is yaml.CSafeLoader  # the lock's PyYAML wheel has it; else this is slow


@pytest.mark.parametrize(
    "path",
    sorted(DATA.rglob("*.yaml")),
    ids=lambda p: str(p.relative_to(DATA)),
)
def test_every_data_file_parses_to_what_safe_load_gives(path):
    text = path.read_text("utf-8")
    assert load_yaml(text) == yaml.safe_load(text)


# Line breaks of other kinds (NEL, U+2028) and control characters do not survive PyYAML's own dump.
texts = st.text(st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp")), max_size=20)
scalars = st.one_of(
    st.integers(-(10**12), 10**12),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
    texts,
)
documents = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(texts, inner, max_size=4)),
    max_leaves=12,
)


@given(documents)
def test_any_document_reads_back_the_same_both_ways(document):
    for text in (yaml.safe_dump(document, allow_unicode=True), yaml.safe_dump(document)):
        assert load_yaml(text) == yaml.safe_load(text) == document


def test_a_broken_file_says_where_as_safe_load_does():
    text = "tables:\n  - id: '13470'\n   title: feil innrykk\n"
    with pytest.raises(yaml.YAMLError) as error:
        load_yaml(text)
    assert error.value.problem_mark.line == 2  # type: ignore[attr-defined]
