"""The model registry (data/models.py): one row per model drives the client schema, the
selection engine, the glossary, the badges and the summary; a new row shows up everywhere."""

from __future__ import annotations

import re

import json

import pytest

from quotegen.data import models
from quotegen.data.models import Badge, Model, Provider, Row, Site, quotable, registered, with_rows
from quotegen.engine import selection
from quotegen.input.json_schemas import client_schema

from .conftest import client_yaml

CROWD = Row(
    "Crowd work", Badge.ACCENT,
    "{count} role crowd-sourced", "{count} roles crowd-sourced",
    "Many people each do a small share of the work.",
    "Large volumes of simple, checkable work.",
    Provider.MARKET, Site.ONLINE, rank=10,
)


@pytest.fixture
def with_crowd_work(monkeypatch):
    """The registry with one more row, as a new model would be added."""
    extended = with_rows({"CROWD_WORK": ("crowd_work", CROWD)})
    monkeypatch.setattr(models, "REGISTRY", extended)
    return extended


def test_the_keys_are_the_contract_of_the_client_file_and_the_json():
    assert [m.value for m in registered()] == [
        "in_house", "staff_leasing", "eor", "bpo", "professional", "kpo", "project", "microsourcing", "staff_augmentation",
    ]
    assert json.dumps({Model.BPO: [Model.EOR]}) == '{"bpo": ["eor"]}'
    assert f"{Model.STAFF_LEASING}" == "staff_leasing"


def test_only_outside_arrangements_can_be_quoted_by_another_firm():
    assert Model.IN_HOUSE not in quotable() and Model.STAFF_LEASING not in quotable()
    assert len(quotable()) == 7


def test_ties_go_to_the_simpler_arrangement_in_the_registry_order():
    ranks = [m.rank for m in sorted(registered(), key=lambda m: m.rank)]
    assert len(set(ranks)) == len(ranks)
    assert sorted(registered(), key=lambda m: m.rank)[:3] == [Model.IN_HOUSE, Model.STAFF_LEASING, Model.BPO]


def test_the_client_schema_lists_the_quotable_models_of_the_registry():
    model = client_schema()["$defs"]["ThirdPartyQuote"]["properties"]["model"]
    assert model == {"enum": ["eor", "bpo", "professional", "kpo", "project", "microsourcing", "staff_augmentation"], "title": "Model", "type": "string"}


def test_a_new_row_is_in_the_client_schema_and_a_file_may_quote_it(with_crowd_work, quote_of):
    assert client_schema()["$defs"]["ThirdPartyQuote"]["properties"]["model"]["enum"][-1] == "crowd_work"
    role = "  - {title: Tagging, family: data_entry, salary: 40000, third_party_quote: {annual: 9000, model: crowd_work, provider: Crowdly}}\n"
    rec = quote_of(client_yaml(role)).roles[0].recommendation
    # the cheapest over three years: 9,000 + 9,270 + 9,548.10 (3% a year)
    assert "crowd_work (third_party): 1. 27818.10 USD over 3 years, set-up included (9000.00 USD a year)" in rec.trace
    # no need of the work rules the new model out, so the cheapest feasible option wins
    assert rec.model == "crowd_work" and rec.model.label == "Crowd work"


def test_a_model_the_registry_does_not_hold_is_refused_with_the_list(quote_of):
    from quotegen.errors import QuotegenError

    role = "  - {title: Tagging, family: data_entry, salary: 40000, third_party_quote: {annual: 9000, model: crowd_work}}\n"
    with pytest.raises(QuotegenError) as caught:
        quote_of(client_yaml(role))
    assert str(caught.value).endswith(
        "roles[0].third_party_quote.model: must be one of 'eor', 'bpo', 'professional', 'kpo', 'project', 'microsourcing' or 'staff_augmentation'"
    )


def text_of(html: str) -> str:
    """The text of some HTML: tags (such as the no-break spans around hyphenated words) removed."""
    return re.sub(r"<[^>]+>", "", html)


def glossary_rows(html: str) -> list[str]:
    table = html.split('<table class="figures glossary', 1)[1].split("</table>", 1)[0]
    return [text_of(row).strip() for row in table.split("<tbody>", 1)[1].splitlines() if row.strip().startswith("<tr>")]


def named_models(quote) -> set:
    """The models a proposal recommends or weighs: the ones its glossary explains."""
    return {m for role in quote.roles for m in (role.recommendation.model, *(a.model for a in role.recommendation.alternatives))}


def test_the_glossary_lists_the_models_named_in_registry_order(quote_of, renderer):
    quote = quote_of(client_yaml("  - {title: Clerk, family: admin, salary: 50000}\n"))
    rows = glossary_rows(renderer.html(quote))
    assert rows[0] == "In-house hireYou employ the person directly and carry every employer cost.Core or on-site work, or where hiring is simply cheaper."
    labels = [m.label for m in registered() if m in named_models(quote)]
    assert len(rows) == len(labels) >= 2
    assert all(row.startswith(label) for row, label in zip(rows, labels))


def test_a_new_row_shows_up_in_the_glossary_and_gets_its_badge_style(with_crowd_work, quote_of, renderer):
    role = "  - {title: Tagging, family: data_entry, salary: 40000, third_party_quote: {annual: 9000, model: crowd_work, provider: Crowdly}}\n"
    html = renderer.html(quote_of(client_yaml(role)))
    assert "Crowd workMany people each do a small share of the work.Large volumes of simple, checkable work." in glossary_rows(html)
    assert ".badge-crowd_work { background: var(--accent); color: #fff; }" in html


def test_badge_styles_come_from_the_registry(quote_of, renderer):
    html = renderer.html(quote_of(client_yaml("  - {title: Clerk, family: admin, salary: 50000}\n")))
    styles = [line for line in html.splitlines() if line.startswith(".badge-")]
    # the registry's rule for each model the proposal shows, then the screen's contrast fix
    assert styles[:2] == [
        ".badge-staff_leasing { background: var(--accent); color: #fff; }",
        ".badge-in_house { background: #e6e9ed; color: #3b4856; }",
    ]
    assert '<span class="badge badge-staff_leasing">Staff leasing</span>' in html


def test_the_summary_counts_roles_with_the_registry_phrases(quote_of, renderer):
    roles = (
        "  - {title: Clerk, family: admin, salary: 50000}\n"
        "  - {title: Clerk 2, family: admin, salary: 50000}\n"
        "  - {title: Front desk, family: admin, salary: 38000, on_site: true}\n"
    )
    html = renderer.html(quote_of(client_yaml(roles)))
    text = re.sub(r"\s+", " ", text_of(html))
    assert "We looked at three roles at Test Co and recommend two roles leased as dedicated staff and one role kept in-house." in text


def test_a_managed_service_is_offered_for_the_work_its_row_takes(monkeypatch, quote_of):
    role = "  - {title: Payroll, family: bookkeeping, salary: 20000, hours_per_week: 10, work: process}\n"
    assert not any(line.startswith("kpo") for line in quote_of(client_yaml(role)).roles[0].recommendation.trace)
    monkeypatch.setattr(Model.KPO, "service_work", "process")  # the row says: KPO takes processes too
    trace = quote_of(client_yaml(role)).roles[0].recommendation.trace
    assert any(line.startswith("kpo: ") for line in trace)


def test_the_site_of_a_model_decides_which_constraints_bear_on_it():
    from quotegen.engine.alternatives import Option

    by_name = {rule.name: rule for rule in selection.CONSTRAINTS}

    def bears(name):
        return {m for m in registered() if by_name[name].bears_on(Option(m, m.provider, None, None))}

    # on-site work: only the models done on the premises stay
    assert bears("needs_premises") == set(registered()) - {Model.IN_HOUSE, Model.STAFF_AUGMENTATION}
    # onshore: every model that may be done abroad, judged by where the option is
    assert bears("must_stay_onshore") == set(registered()) - {Model.IN_HOUSE}
    assert set(by_name["no_suitable_centre"].models) == {Model.STAFF_LEASING, Model.BPO, Model.KPO, Model.PROJECT}


def test_a_new_managed_service_row_is_offered_for_its_work_on_request_until_priced(monkeypatch, quote_of):
    row = Row(
        "Process crowd", Badge.PLAIN, "{count} role crowd-run", "{count} roles crowd-run", "What.", "When.",
        Provider.US, Site.CENTRE, rank=10, service_work="process", service_line="Process crowd, {centre}",
    )
    monkeypatch.setattr(models, "REGISTRY", with_rows({"PROCESS_CROWD": ("process_crowd", row)}))
    role = "  - {title: Payroll, family: bookkeeping, salary: 20000, hours_per_week: 10, work: process}\n"
    trace = quote_of(client_yaml(role)).roles[0].recommendation.trace
    # no process_crowd_hourly in the provider's services: the option is there, priced on request
    assert "process_crowd: 3. priced on request" in trace
