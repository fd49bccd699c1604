"""The model-selection engine, scenario by scenario: the model, where the work goes, and why."""

from __future__ import annotations

from decimal import Decimal

import pytest

from quotegen.render.formatting import Formatter

from .conftest import client_yaml

EN = Formatter("en_US", "USD")

# (scenario, role YAML, client place, cost basis, model, location, a reason the client reads)
SCENARIOS = [
    ("full-time office clerk", "{title: Clerk, family: admin, salary: 50000}", ("US", "TX"), "fully_loaded",
     "staff_leasing", "offshore", "A dedicated worker follows your schedule and processes, like your own employee."),
    ("front desk on site", "{title: Front desk, family: admin, salary: 38000, on_site: true}", ("US", "TX"), "fully_loaded",
     "in_house", "onshore", "The work has to be done on your premises."),
    ("regulated data stays onshore", "{title: Compliance clerk, family: admin, salary: 52000, onshore_only: true}", ("US", "NY"), "fully_loaded",
     "in_house", "onshore", "Data or regulation keeps the work in United States."),
    ("work no centre offers", "{title: Cleaner, family: facilities, salary: 30000}", ("US", "FL"), "fully_loaded",
     "in_house", "onshore", "We do not staff this kind of work from our centres."),
    ("Spanish-speaking support", "{title: Soporte, family: customer_service, salary: 42000, languages: [es, en]}", ("US", "TX"), "fully_loaded",
     "staff_leasing", "nearshore", "Delivered from our San José campus (nearshore) on the day shift, sharing 7 hours with your business day."),
    ("French support for Quebec", "{title: Soutien, family: customer_service, salary: 45000, languages: [fr]}", ("CA", "QC"), "fully_loaded",
     "staff_leasing", "nearshore", "Delivered from our San José campus (nearshore) on the day shift, sharing 8 hours with your business day."),
    ("a full day's overlap on the Pacific coast", "{title: Dispatcher, family: customer_service, salary: 48000, overlap_hours: 8}", ("US", "WA"), "fully_loaded",
     "staff_leasing", "nearshore", "Delivered from our San José campus (nearshore) on the late shift, sharing 8 hours with your business day; the shift carries a 5% premium."),
    ("a full day's overlap in the East", "{title: Coordinator, family: admin, salary: 52000, overlap_hours: 8}", ("US", "NY"), "fully_loaded",
     "staff_leasing", "offshore", "Delivered from our Harare campus (offshore) on the evening shift, sharing 8 hours with your business day; the shift carries a 12% premium."),
    ("half a day's overlap from Harare", "{title: Claims, family: admin, salary: 52000}", ("CA", "ON"), "fully_loaded",
     "staff_leasing", "offshore", "Delivered from our Harare campus (offshore) on the afternoon shift, sharing 5 hours with your business day; the shift carries a 5% premium."),
    ("a language no centre speaks", "{title: Vertrieb, family: sales, salary: 60000, languages: [de]}", ("US", "TX"), "fully_loaded",
     "in_house", "onshore", "None of our centres works in German."),
    ("payroll as a process", "{title: Payroll, family: bookkeeping, salary: 20000, hours_per_week: 10, work: process}", ("US", "GA"), "fully_loaded",
     "bpo", "offshore", "A defined, repeatable process is best bought as a service, by outcome."),
    ("bookkeeping quoted by a local firm", "{title: Books, family: bookkeeping, salary: 50000, work: process, third_party_quote: {annual: 17000, model: bpo, provider: Ledger & Co}}", ("US", "TX"), "salary_only",
     "bpo", "onshore", "Ledger & Co has already quoted for this work."),
    ("legal advice quoted by a law firm", "{title: Legal, family: paralegal, salary: 60000, licensed: true, third_party_quote: {annual: 15000, model: professional}}", ("US", "TX"), "salary_only",
     "professional", "onshore", "The work needs a licensed professional."),
    ("tax filing by the hour", "{title: Tax filing, family: accounting, salary: 81680, licensed: true, service_hours_per_week: 4}", ("US", "PA"), "fully_loaded",
     "professional", "onshore", "The work needs a licensed professional."),
    # a CPA for 3 hours a week costs more than the client's own part-timer at 20,000: hiring is honestly cheaper
    ("a part-time licensed hire", "{title: Tax filing, family: accounting, salary: 20000, hours_per_week: 3, licensed: true}", ("US", "PA"), "fully_loaded",
     "in_house", "onshore", "The lowest cost over the 3-year horizon of the priced options that suit this work."),
    ("market research by the hour", "{title: Research, family: marketing, salary: 70000, hours_per_week: 20, work: knowledge, service_hours_per_week: 8}", ("US", "TX"), "fully_loaded",
     "kpo", "offshore", "Research and analysis are best bought from a specialist team."),
    # the same analysis needs 20 hours a week: a half-time leased analyst costs less than the team's hours
    ("a half-time analyst", "{title: Research, family: marketing, salary: 70000, hours_per_week: 20, work: knowledge}", ("US", "TX"), "fully_loaded",
     "staff_leasing", "offshore", "Ongoing work lets one person build know-how about your business."),
    ("a website rebuild", "{title: Website, family: software, salary: 110000, work: project, duration_months: 4}", ("US", "TX"), "fully_loaded",
     "project", "offshore", "A defined piece of work with an end date suits a project team."),
    ("a logo refresh", "{title: Logo, family: design, salary: 60000, work: task, task_hours: 20}", ("US", "TX"), "fully_loaded",
     "microsourcing", "offshore", "A short, one-off task suits a freelance marketplace."),
    ("a chosen developer in Poland", "{title: Developer, family: software, salary: 130000, named_worker_country: PL, named_worker_salary: 52000}", ("US", "TX"), "fully_loaded",
     "eor", "offshore", "You have already chosen a worker in Poland; an employer of record employs them for you without a local company."),
    ("a chosen designer in Mexico", "{title: Designer, family: design, salary: 61000, named_worker_country: MX, named_worker_salary: 26000}", ("US", "CA"), "fully_loaded",
     "eor", "nearshore", "You have already chosen a worker in Mexico; an employer of record employs them for you without a local company."),
    ("event staff for two months", "{title: Event staff, family: admin, salary: 36000, on_site: true, duration_months: 2}", ("US", "TX"), "fully_loaded",
     "staff_augmentation", "onshore", "A temporary on-site need is met fastest by augmented staff."),
    ("leasing dearer than a cheap hire", "{title: Junior dev, family: software, salary: 30000}", ("US", "TX"), "salary_only",
     "in_house", "onshore", "The lowest cost over the 3-year horizon of the priced options that suit this work."),
    ("an agency quote for ongoing role work", "{title: Marketer, family: marketing, salary: 65000, third_party_quote: {annual: 11000, model: bpo}}", ("US", "TX"), "salary_only",
     "staff_leasing", "offshore", "A dedicated worker follows your schedule and processes, like your own employee."),
    ("Newfoundland's half-hour zone", "{title: Clerk, family: admin, salary: 45000}", ("CA", "NL"), "fully_loaded",
     "staff_leasing", "offshore", "Delivered from our Harare campus (offshore) on the afternoon shift, sharing 6.5 hours with your business day; the shift carries a 5% premium."),
]


@pytest.mark.parametrize(
    ("role", "place", "basis", "model", "location", "reason"),
    [s[1:] for s in SCENARIOS],
    ids=[s[0] for s in SCENARIOS],
)
def test_scenario(quote_of, role, place, basis, model, location, reason):
    country, region = place
    rec = quote_of(client_yaml(f"  - {role}\n", country=country, region=region, basis=basis)).roles[0].recommendation
    assert (rec.model, rec.location) == (model, location)
    assert reason in [EN.phrase(r) for r in rec.reasons]


def test_the_scenarios_cover_every_model_and_location():
    from quotegen.data.models import registered

    assert {s[4] for s in SCENARIOS} == set(registered())
    assert {s[5] for s in SCENARIOS} == {"offshore", "nearshore", "onshore"}
    assert len(SCENARIOS) >= 20


def test_alternatives_are_priced_or_on_request(quote_of):
    role = "  - {title: Event staff, family: admin, salary: 36000, on_site: true, duration_months: 2}\n"
    rec = quote_of(client_yaml(role)).roles[0].recommendation
    assert [(a.model, a.annual is None) for a in rec.alternatives] == [("in_house", False)]


def test_an_on_request_choice_claims_no_saving(quote_of):
    role = quote_of(client_yaml("  - {title: Event staff, family: admin, salary: 36000, on_site: true, duration_months: 2}\n")).roles[0]
    assert role.priced_on_request
    assert role.proposed == role.in_house
    assert role.savings_annual == 0


def test_selection_is_deterministic(quote_of):
    text = client_yaml("  - {title: Clerk, family: admin, salary: 50000}\n  - {title: Books, family: bookkeeping, salary: 20000, hours_per_week: 10, work: process}\n")
    first, second = quote_of(text), quote_of(text)
    assert [r.recommendation for r in first.roles] == [r.recommendation for r in second.roles]


def test_the_trace_ranks_every_feasible_option_by_its_cost_over_the_horizon(quote_of):
    rec = quote_of(client_yaml("  - {title: Clerk, family: admin, salary: 50000}\n")).roles[0].recommendation
    # leasing 2,415 a month (2,300 x 1.05): 28,980.00, then 3% a year: 29,849.40 and 30,744.88, plus the 750 set-up fee
    assert rec.trace[0] == "staff_leasing: 1. 90324.28 USD over 3 years, set-up included (28980.00 USD a year)"
    # in-house as the cost of ownership prices it: 71,612.00 + 73,620.22 + 75,700.75 (test_tco)
    assert rec.trace[1] == "in_house: 2. 220932.97 USD over 3 years, set-up included (71612.00 USD a year)"
    assert rec.trace[2] == "chosen: staff_leasing, the cheapest of 2 feasible options"
    assert "centre HRE afternoon (starts 13:00, offshore): overlap 4 h, premium 5%, cost x1.05: suitable <- best" in rec.trace
    assert "centre HRE day (starts 08:00, offshore): overlap 0 h, premium 0%, cost x1: overlap 0 h < 4 h needed" in rec.trace


def test_no_centre_suits_when_each_lacks_one_of_the_languages(quote_of):
    # Shona is spoken in Harare only, Spanish in San José only: each language somewhere, both nowhere.
    rec = quote_of(client_yaml("  - {title: Liaison, family: admin, salary: 50000, languages: [sn, es]}\n")).roles[0].recommendation
    assert rec.model == "in_house"
    assert "None of our centres works in all the languages this work needs." in [EN.phrase(r) for r in rec.reasons]
    assert "staff_leasing: removed by no_suitable_centre" in rec.trace


def test_a_missing_market_rate_file_fails_loudly_instead_of_pricing_on_request(monkeypatch, tmp_path):
    from click.testing import CliRunner

    from quotegen.cli import main
    from quotegen.engine import alternatives

    # A broken installation: the data file cannot be read (the real reader, an empty directory).
    monkeypatch.setattr(alternatives, "data_file", lambda name: (tmp_path / "data" / name).read_text())
    client = tmp_path / "client.yaml"
    client.write_text(client_yaml("  - {title: Tax filing, family: accounting, salary: 20000, hours_per_week: 3, licensed: true}\n"))
    result = CliRunner().invoke(main, ["price", str(client)])
    assert (result.exit_code, result.output) == (1, f"{tmp_path / 'data' / 'market_rates.yaml'}: no such file or directory\n")


def test_a_quote_in_hand_speaks_for_the_firm_that_quoted_only(quote_of):
    role = "{title: Books, family: bookkeeping, salary: 50000, work: process, third_party_quote: {annual: 17000, model: bpo}}"
    rec = quote_of(client_yaml(f"  - {role}\n", basis="salary_only")).roles[0].recommendation
    assert (rec.model, rec.provider_name) == ("bpo", None)
    assert "A firm has already quoted for this work." in [EN.phrase(r) for r in rec.reasons]
    # the runners-up are other models (our own process team would be the same model at another
    # price), and the firm's quote is said of none of them
    assert [alt.model for alt in rec.alternatives] == ["staff_leasing", "in_house"]
    assert not any("A firm has already quoted for this work." in [EN.phrase(r) for r in alt.reasons] for alt in rec.alternatives)


# -- what is offered beside the choice --------------------------------------------------------


def _also(quote_of, role):
    rec = quote_of(client_yaml(f"  - {role}\n", basis="salary_only")).roles[0].recommendation
    return rec, [(alt.model, alt.annual) for alt in rec.alternatives]


def test_beside_a_firms_quote_no_service_is_priced_on_a_full_time_jobs_hours(quote_of):
    # Legal advice quoted at 15,000: a professional's hours at 40 a week (some 400,000) is not
    # the same need, so it is not offered; the hire the table compares with is.
    role = "{title: Paralegal, family: paralegal, salary: 60000, licensed: true, third_party_quote: {annual: 15000, model: professional}}"
    rec, also = _also(quote_of, role)
    assert rec.model == "professional" and rec.provider_name is None
    assert also == [("in_house", 60000)]


def test_beside_a_firms_quote_a_service_on_the_hours_stated_is_offered(quote_of):
    role = ("{title: Paralegal, family: paralegal, salary: 60000, licensed: true, service_hours_per_week: 5, "
            "third_party_quote: {annual: 15000, model: professional}}")
    _rec, also = _also(quote_of, role)
    assert [model for model, _ in also] == ["in_house"]  # the market professional is the same model: left out
    role = "{title: Books, family: bookkeeping, salary: 50000, work: process, service_hours_per_week: 10, third_party_quote: {annual: 5000, model: professional}}"
    rec, also = _also(quote_of, role)
    assert rec.model == "professional"
    assert also[0] == ("bpo", Decimal("10374.00"))  # our process team on the 10 hours stated: 520 hours a year


def test_a_runner_up_is_never_the_chosen_model_from_another_provider(quote_of):
    role = "{title: Books, family: bookkeeping, salary: 50000, work: process, third_party_quote: {annual: 17000, model: bpo, provider: Ledger & Co}}"
    rec, also = _also(quote_of, role)
    assert rec.model == "bpo"
    assert also == [("staff_leasing", Decimal("35280.00")), ("in_house", Decimal("50000"))]


@pytest.mark.parametrize(
    ("role", "basis", "alternative"),
    [
        # the agency's quote: 33,999.90 over 3 years against 123,427.82 for leasing (whole dollars in a sentence)
        ("{title: Marketer, family: marketing, salary: 65000, third_party_quote: {annual: 11000, model: bpo}}", "salary_only",
         "Costs $89,428 less over the 3-year horizon, but ongoing daily work needs a dedicated worker who learns your business."),
        # augmented staff are priced on request: the hire is not compared on cost, only on the need it fails
        ("{title: Event staff, family: admin, salary: 36000, on_site: true, duration_months: 2}", "fully_loaded",
         "Not recommended: hiring for a few months costs recruitment and notice for little time."),
    ],
    ids=["agency quote", "on request"],
)
def test_a_cheaper_option_shown_beside_the_choice_is_not_a_reason_again(quote_of, role, basis, alternative):
    """Review #7: a cheaper option that fails a need is said once, on its 'Also considered' line."""
    rec = quote_of(client_yaml(f"  - {role}\n", basis=basis)).roles[0].recommendation
    reasons = [EN.phrase(r) for r in rec.reasons]
    assert [EN.phrase(a.summary) for a in rec.alternatives][0] == alternative
    assert not [r for r in reasons if "would cost" in r or alternative.split(": ")[-1].split(", but ")[-1] in r], reasons
