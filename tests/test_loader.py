"""Loading YAML: plain data with positions, and no silent surprises."""

import pytest

from quotegen.errors import QuotegenError
from quotegen.input.document import MAX_FILE_BYTES, load_document, parse_document


def errors_of(text, path="c.yaml"):
    with pytest.raises(QuotegenError) as caught:
        parse_document(text.encode("utf-8") if isinstance(text, str) else text, path)
    return [str(e) for e in caught.value.errors]


def test_scalars_arrive_exactly_as_typed():
    doc = parse_document(b"country: NO\nregion: ON\nsalary: 010\nflag: yes\nempty:\nnull_word: ~\n", "c.yaml")
    assert doc.data == {"country": "NO", "region": "ON", "salary": "010", "flag": "yes", "empty": None, "null_word": None}


def test_quoted_null_word_stays_text():
    assert parse_document(b'name: "null"\n', "c.yaml").data == {"name": "null"}


def test_every_key_and_value_has_its_line_and_column():
    doc = parse_document(b"client:\n  name: Acme\nroles:\n  - title: Clerk\n    salary: 1\n", "c.yaml")
    assert doc.value_positions[("client", "name")] == (2, 9)
    assert doc.key_positions[("roles", 0, "salary")] == (5, 5)
    assert doc.locate(("roles", 0, "missing_field")) == (4, 5)


def test_duplicate_keys_are_errors_naming_both_lines():
    assert errors_of("a: 1\nb: 2\na: 3\n") == ["c.yaml:3:1: a: duplicate key (first given on line 1)"]


def test_tabs_are_explained():
    assert errors_of("client:\n\tname: x\n") == ["c.yaml:2:1: invalid YAML: a tab character; indent with spaces"]


def test_non_utf8_text_names_the_byte_and_place():
    assert errors_of(b"client:\n  name: Caf\xe9\n") == ["c.yaml:2:12: is not UTF-8 text (byte 0xe9); save the file as UTF-8"]


def test_empty_file():
    assert errors_of("# nothing here\n") == ["c.yaml: the file is empty"]


def test_alias_expansion_bomb_is_stopped():
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 8):
        lines.append(f"{chr(97 + i)}: &{chr(97 + i)} [*{chr(96 + i)}, *{chr(96 + i)}, *{chr(96 + i)}, *{chr(96 + i)}, *{chr(96 + i)}, *{chr(96 + i)}, *{chr(96 + i)}, *{chr(96 + i)}, *{chr(96 + i)}, *{chr(96 + i)}]")
    assert errors_of("\n".join(lines)) == ["c.yaml: too many values (over 100,000); aliases may be expanding without bound"]


def test_oversized_file_is_refused_before_parsing(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (MAX_FILE_BYTES + 10))
    with pytest.raises(QuotegenError) as caught:
        load_document(big)
    assert str(caught.value) == f"{big}: file is larger than 1000 kB; a client file is a few kB"


def test_missing_file(tmp_path):
    with pytest.raises(QuotegenError) as caught:
        load_document(tmp_path / "nope.yaml")
    assert str(caught.value) == f"{tmp_path / 'nope.yaml'}: file not found"
