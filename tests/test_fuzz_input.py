"""Whatever a file holds, loading and validating it gives a quote or a clean input error."""

from __future__ import annotations

import yaml
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quotegen.api import build_quote
from quotegen.input.provider import load_config
from quotegen.errors import QuotegenError
from quotegen.input.document import parse_document
from quotegen.input.client import validate_document

pytestmark = pytest.mark.slow  # fuzzing: many generated documents: `make test-fast` leaves it out

CONFIG = load_config(None)

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**12, 10**12), st.text(max_size=20),
    st.sampled_from(["NO", "ON", "010", "1e3", "2026-11-28", "50000", "-1", "yes", "~", "TX", "admin", "US", "CA", "nan", "inf"]),
    st.floats(allow_nan=True, allow_infinity=True),
)
structures = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=5), max_leaves=25)

VALID = {
    "client": {"name": "Fuzz Co", "country": "US", "region": "TX"},
    "proposal": {"date": "2026-11-28", "prepared_by": "F"},
    "roles": [{"title": "Clerk", "family": "admin", "salary": "50000"}],
}
FIELDS = ["client", "proposal", "roles", "name", "country", "region", "salary", "family", "title", "headcount", "hours_per_week",
          "work", "duration_months", "languages", "third_party_quote", "annual", "model", "date", "cost_basis", "years",
          "named_worker_country", "named_worker_salary", "task_hours", "on_site", "annual_payroll", "locale", "assumptions"]


def near_valid():
    """A valid file with one field replaced, removed or added: the mistakes people make."""

    def mutate(path, value, action):
        document = yaml.safe_load(yaml.safe_dump(VALID))
        target = document
        for key in path[:-1]:
            target = target[key]
        if action == "drop":
            target.pop(path[-1], None)
        else:
            target[path[-1]] = value
        return document

    paths = st.sampled_from([
        ("client", "name"), ("client", "country"), ("client", "region"), ("client", "currency"), ("client", "annual_payroll"),
        ("proposal", "date"), ("proposal", "valid_days"), ("proposal", "years"), ("proposal", "cost_basis"),
        ("roles",), ("client",), ("proposal",),
    ]) | st.builds(lambda f: ("roles", 0, f), st.sampled_from(FIELDS))
    return st.builds(mutate, paths, structures, st.sampled_from(["set", "drop"]))


def outcome_of(text: str | bytes) -> str:
    try:
        document = parse_document(text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"), "fuzz.yaml")
        client_file = validate_document(document, families=CONFIG.families)
        build_quote(client_file, CONFIG)
    except QuotegenError as exc:
        assert exc.errors and all(str(e).startswith("fuzz.yaml") for e in exc.errors)
        return "error"
    return "quote"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(structures)
def test_random_structures(data):
    outcome_of(yaml.safe_dump(data, allow_unicode=True))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(near_valid())
def test_near_valid_documents(data):
    outcome_of(yaml.safe_dump(data, allow_unicode=True))


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes(raw):
    outcome_of(raw)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abc:-[]{}&*!|>'\"#%@`\n\t ,?0123456789")), max_size=120))
def test_random_yaml_punctuation(text):
    outcome_of(text)


def test_the_baseline_is_a_quote_and_a_mutation_an_error():
    assert outcome_of(yaml.safe_dump(VALID)) == "quote"
    broken = yaml.safe_load(yaml.safe_dump(VALID))
    broken["roles"][0]["salary"] = [1, 2]
    assert outcome_of(yaml.safe_dump(broken)) == "error"
