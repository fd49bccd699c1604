"""Hard constraints remove options before any price is compared; no saving outweighs them.

Prices from the sample provider (quotegen/data/provider.yaml) for a Texas client: software
leased at 6,000 x 1.05 (Harare's afternoon shift) = 6,300 a month; the employer-of-record
fee is 549 a month on the chosen worker's own salary.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from quotegen.cli import main
from quotegen.engine import selection
from quotegen.render.formatting import Formatter

from .conftest import ROOT, client_yaml

EN = Formatter("en_US", "USD")


def rec_of(quote_of, role: str, name: str = "client.yaml", **kwargs):
    return quote_of(client_yaml(f"  - {role}\n", **kwargs), name=name).roles[0].recommendation


def said(rec) -> list[str]:
    return [EN.phrase(r) for r in rec.reasons]


# -- a worker already chosen ----------------------------------------------------------------------


def test_a_chosen_worker_is_employed_through_an_employer_of_record_even_when_leasing_saves_more(quote_of):
    # EOR: 90,000 + 549 x 12 = 96,588 a year; a leased developer would cost 6,300 x 12 = 75,600,
    # but would be someone else: the worker the client chose cannot be replaced by a saving
    rec = rec_of(quote_of, "{title: Developer, family: software, salary: 130000, named_worker_country: PL, named_worker_salary: 90000}")
    assert (rec.model, rec.location) == ("eor", "offshore")
    assert "staff_leasing: removed by chosen_worker" in rec.trace
    assert "in_house: removed by no_company_abroad" in rec.trace  # no company in Poland to hire them
    assert rec.alternatives == ()  # nothing removed is offered as a runner-up
    assert said(rec)[0] == "You have already chosen a worker in Poland; an employer of record employs them for you without a local company."


def test_a_chosen_worker_in_the_clients_own_country_may_be_hired_directly(quote_of):
    # the client has its company here: in-house 60,000 (salary only) against 60,000 + 6,588 through an EOR
    rec = rec_of(quote_of, "{title: Developer, family: software, salary: 60000, named_worker_country: US, named_worker_salary: 60000}",
                 basis="salary_only")
    assert rec.model == "in_house"
    assert "staff_leasing: removed by chosen_worker" in rec.trace
    assert not any(line.startswith("in_house: removed") for line in rec.trace)
    assert [alt.model for alt in rec.alternatives] == ["eor"]


# -- licensed, onshore-only and on-site work ----------------------------------------------------------


def test_licensed_work_goes_to_professionals_or_a_licensed_hire_only(quote_of):
    # an agency's 5,000 for the work is not a licensed professional's: removed before it is compared
    rec = rec_of(quote_of, "{title: Legal, family: paralegal, salary: 60000, licensed: true, third_party_quote: {annual: 5000, model: bpo}}",
                 basis="salary_only")
    assert "bpo (third_party): removed by needs_licence" in rec.trace
    assert "staff_leasing: removed by needs_licence" in rec.trace
    # a paralegal's market hours (193 x 2,080 = 401,440) against the 60,000 hire
    assert rec.model == "in_house"
    assert [alt.model for alt in rec.alternatives] == ["professional"]


def test_onshore_work_is_never_delivered_from_abroad(quote_of):
    role = "{title: Records, family: admin, salary: 52000, work: process, onshore_only: true, third_party_quote: {annual: 9000, model: bpo, location: LOC}}"
    offshore = rec_of(quote_of, role.replace("LOC", "offshore"))
    assert "bpo (third_party): removed by must_stay_onshore" in offshore.trace
    assert {"bpo: removed by must_stay_onshore", "staff_leasing: removed by must_stay_onshore"} <= set(offshore.trace)
    assert offshore.model == "in_house"
    assert "Data or regulation keeps the work in United States." in said(offshore)
    onshore = rec_of(quote_of, role.replace("LOC", "onshore"), name="onshore.yaml")
    assert (onshore.model, onshore.location) == ("bpo", "onshore")


ONSHORE_CENTRE = """delivery_centres:
  HRE: {name: Harare campus, city: Harare, country: ZW, location: offshore, utc_offset: 2, shifts: {afternoon: {start: 13}}}
  DAL: {name: Dallas office, city: Dallas, country: US, location: onshore, utc_offset: -6, price_factor: 2.5}
"""


def test_onshore_work_may_be_leased_from_a_centre_in_the_clients_country(tmp_path, monkeypatch):
    from quotegen.api import build_quote, load_client, load_config

    (tmp_path / "quotegen.yaml").write_text(ONSHORE_CENTRE, encoding="utf-8")
    config = load_config(tmp_path, tmp_path / "quotegen.yaml")
    (tmp_path / "client.yaml").write_text(
        client_yaml("  - {title: Records, family: admin, salary: 90000, onshore_only: true}\n", basis="salary_only"), encoding="utf-8"
    )
    rec = build_quote(load_client(tmp_path / "client.yaml", config).client_file, config).roles[0].recommendation
    # 2,300 x 2.5 = 5,750 a month from Dallas: 69,000 + 71,070 + 73,202.10 + 750 set-up over three years,
    # against 270,000 in-house; Harare is cheaper but abroad
    assert (rec.model, rec.centre, rec.location) == ("staff_leasing", "DAL", "onshore")
    assert "centre HRE afternoon (starts 13:00, offshore): overlap 4 h, premium 0%, cost x1: offshore, and the work must stay onshore" in rec.trace


def test_on_site_work_is_hired_or_filled_on_site_only(quote_of):
    rec = rec_of(quote_of, "{title: Front desk, family: admin, salary: 38000, on_site: true, third_party_quote: {annual: 9000, model: bpo}}")
    assert "bpo (third_party): removed by needs_premises" in rec.trace
    assert rec.model == "in_house"
    nurse = rec_of(quote_of, "{title: Nurse, family: clinical, salary: 70000, on_site: true, licensed: true}", name="nurse.yaml")
    assert "professional: removed by needs_premises" in nurse.trace
    assert nurse.model == "in_house"


# -- constraints that cannot hold together -------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("on_site: true", "a worker chosen in PL (named_worker_country) works from there through an employer of record, "
                          "not on the client's premises; drop on_site or named_worker_country"),
        ("onshore_only: true", "a worker chosen in PL (named_worker_country) works from there through an employer of record, "
                               "outside US; drop onshore_only or named_worker_country"),
        ("licensed: true", "a worker chosen in PL (named_worker_country) works from there through an employer of record, "
                           "not a licensed firm; drop licensed or named_worker_country"),
    ],
)
def test_constraints_that_clash_are_refused_at_their_field(tmp_path, monkeypatch, field, message):
    monkeypatch.chdir(tmp_path)
    line = f"  - {{title: Dev, family: software, salary: 90000, named_worker_country: PL, named_worker_salary: 40000, {field}}}"
    (tmp_path / "client.yaml").write_text(client_yaml(line + "\n"), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "client.yaml"])
    name = field.split(":")[0]
    column = line.index("true", line.index(name)) + 1  # the value that clashes
    assert (result.exit_code, result.stderr.splitlines()[0]) == (1, f"client.yaml:10:{column}: roles[0].{name}: {message}")


# -- a recommendation never carries a reason against itself ----------------------------------------------


def test_a_recommendation_that_carries_its_own_disqualifying_reason_is_refused(quote_of, monkeypatch):
    below = next(rule for rule in selection.CONSTRAINTS if rule.name == "below_seat_minimum")
    # a broken table: a description of leasing that says what removes a leased seat
    wrong = selection.Rule("wrong", (selection.Model.STAFF_LEASING,), lambda f, o: True, below.text)
    monkeypatch.setattr(selection, "DESCRIPTIONS", (wrong, *selection.DESCRIPTIONS))
    with pytest.raises(ValueError) as caught:
        quote_of(client_yaml("  - {title: Clerk, family: admin, salary: 50000}\n"))
    assert str(caught.value) == (
        "role 'Clerk': the recommended staff_leasing carries a reason that disqualifies it: "
        "'A dedicated worker is leased for at least 20 hours a week; this work has 40.'"
    )


def test_no_runner_up_or_choice_is_an_option_a_constraint_removed(quote_of):
    roles = (
        "  - {title: Dev, family: software, salary: 130000, named_worker_country: PL, named_worker_salary: 90000}\n"
        "  - {title: Desk, family: admin, salary: 38000, on_site: true, third_party_quote: {annual: 9000, model: bpo}}\n"
        "  - {title: Legal, family: paralegal, salary: 60000, licensed: true, third_party_quote: {annual: 5000, model: bpo}}\n"
        "  - {title: Assistant, family: admin, salary: 10400, hours_per_week: 8}\n"
    )
    for role in quote_of(client_yaml(roles)).roles:
        removed = {line.split(": removed by")[0] for line in role.recommendation.trace if ": removed by " in line}
        offered = {role.recommendation.model, *(alt.model for alt in role.recommendation.alternatives)}
        assert not {key.split(" ")[0] for key in removed if "(" not in key} & offered, role.title


# -- what the client reads is translated -----------------------------------------------------------------


def _literal_phrases(path: Path) -> set[str]:
    """Every fixed sentence a module builds: Phrase("...") and Phrase.of("...", ...)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
            func = node.func
            if (isinstance(func, ast.Name) and func.id == "Phrase") or (isinstance(func, ast.Attribute) and func.attr == "of"):
                found.add(node.args[0].value)
    return found


def test_every_sentence_of_the_selection_has_its_french_translation():
    french = yaml.safe_load((ROOT / "templates" / "i18n" / "fr.yaml").read_text(encoding="utf-8"))
    texts = {rule.text for rule in (*selection.CONSTRAINTS, *selection.DESCRIPTIONS)} | {need.need for need in selection.NEEDS}
    for module in ("selection", "assemble", "alternatives"):
        texts |= _literal_phrases(ROOT / "quotegen" / "engine" / f"{module}.py")
    texts |= {"Part-time roles: per-hour and per-year costs are prorated by weekly hours over 40. A dedicated worker is leased "
              "from {full} hours a week, or on a part-time seat from {part} hours at the prorated fee plus {premium}."}
    assert sorted(text for text in texts if text not in french) == []
    assert len(texts) > 50


def test_a_need_reads_in_french_as_one_sentence(quote_of, renderer):
    # The role works in English (a role without languages works in the document's, French here).
    role = "{title: Marketing, family: marketing, salary: 65000, languages: [en], third_party_quote: {annual: 11000, model: bpo}}"
    rec = rec_of(quote_of, role, country="CA", region="QC", basis="salary_only", extra_client="  locale: fr_CA\n")
    french = Formatter("fr_CA", "CAD", renderer.catalogue("fr_CA").translate)
    assert rec.model == "staff_leasing"
    # the firm's 11,000 CAD, then 3% a year: 11,000 + 11,330 + 11,669.90 = 33,999.90; leasing 3,150 USD x 1.3802 = 4,347.63 CAD,
    # x 1.05 = 4,565.01 a month, 54,780.12 a year, 56,423.52 and 58,116.23 after it, + 750 x 1.3802 = 1,035.15 set-up: 170,355.02; sentences give them in whole dollars (tables keep cents)
    # The cheaper firm is shown under "Also considered", with the need it fails: not again as a reason.
    firm = next(alt for alt in rec.alternatives if alt.model == "bpo")
    spaced = french.phrase(firm.summary).replace("\u202f", " ").replace("\u00a0", " ")  # the locale's no-break spaces
    assert spaced == (
        "Coûte 136 355 $ de moins sur l'horizon de 3 ans, mais un travail quotidien continu demande un employé dédié "
        "qui apprend à connaître votre entreprise."
    )
    assert not any("Impartition de processus" in french.phrase(reason) for reason in rec.reasons)
    # A shift reads as French names it after "quart": d'après-midi, de soir, de nuit.
    assert "sur le quart d'après-midi, qui partage 5 heures" in french.phrase(rec.reasons[-1]).replace("\u00a0", " ")


# -- explain and the JSON say what removed each option ---------------------------------------------------


def test_explain_lists_the_constraints_then_the_cost_ranking_then_why(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "client.yaml").write_text(client_yaml("  - {title: Books, family: bookkeeping, salary: 12000, hours_per_week: 8, work: process}\n"),
                                          encoding="utf-8")
    out = CliRunner().invoke(main, ["explain", "client.yaml"]).stdout
    start = out.index("  removed by constraints and provider limits:")
    assert out[start:out.index("  recommended:")].splitlines() == [
        "  removed by constraints and provider limits:",
        "    staff_leasing: removed by below_seat_minimum (provider limit staff_leasing.part_time_seat.min_hours_per_week 20, illustrative)",
        "  cost over 3 years of the feasible options, cheapest first:",
        # 8 h x 52 = 416 hours x 19.95 = 8,299.20, then 3% a year: 8,548.18 and 8,804.62
        "    bpo: 1. 25652.00 USD over 3 years, set-up included (8299.20 USD a year)",
        out[start:].splitlines()[4],  # in-house, priced by the cost engine (test_pricing)
        "  why: bpo, the cheapest of 2 feasible options",
    ]
    assert out[start:].splitlines()[4].startswith("    in_house: 2. ")


def test_the_json_trace_names_the_limit_that_removed_an_option(quote_of):
    from quotegen.render.json_export import quote_to_dict

    data = quote_to_dict(quote_of(client_yaml("  - {title: Assistant, family: admin, salary: 10400, hours_per_week: 8}\n")))
    trace = data["roles"][0]["recommendation"]["trace"]
    assert "staff_leasing: removed by below_seat_minimum (provider limit staff_leasing.part_time_seat.min_hours_per_week 20, illustrative)" in trace
    assert data["roles"][0]["staff_leasing"] is None
