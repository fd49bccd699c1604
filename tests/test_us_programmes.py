"""US state programmes a finance director checks: small-employer rules, rates as the agencies
define them, premiums the employee shares up to a cap, client-provided rates and local taxes.

Every expected figure is worked out here from the cited public figures, independently of
quotegen/data, and rounded half up to the cent once per line, as the engine does.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from click.testing import CliRunner

from quotegen.cli import main
from quotegen.data.rates import Premium

from .conftest import client_yaml

D = Decimal
CENT = D("0.01")
SS_BASE_2026 = D(184500)  # Social Security wage base 2026 (SSA): the paid-leave premiums' cap


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def role(salary, **extra) -> str:
    more = "".join(f", {key}: {value}" for key, value in extra.items())
    return f"  - {{title: Clerk, family: admin, salary: {salary}{more}}}\n"


def quote(quote_of, region, salary=60000, date="2026-11-28", extra="", **role_extra):
    return quote_of(client_yaml(role(salary, **role_extra), region=region, date=date, extra_client=extra))


def lines(q) -> dict:
    return {line.key: line for line in q.roles[0].in_house.lines}


def notes(q) -> list[str]:
    return [note.english() for note in q.notes]


# -- Minnesota Paid Leave: the small-employer premium (DEED; UI Minnesota) ----------------------


def test_minnesota_small_employer_pays_the_reduced_employer_share(quote_of):
    # Regular: 0.88% in all, the employee may be charged at most 0.44%, so the employer pays 0.44%.
    # Small (30 or fewer, average wage under 150% of the state's): 0.66% in all, the employee may
    # still be charged 0.44%, so the employer pays 0.66% - 0.44% = 0.22%.
    small = quote(quote_of, "MN", extra="  employees: 20\n")
    large = quote(quote_of, "MN", extra="  employees: 40\n")
    assert lines(small)["mn_paid_leave_employer"].per_head == cents(D(60000) * (D("0.0066") - D("0.0044"))) == D("132.00")
    assert lines(large)["mn_paid_leave_employer"].per_head == cents(D(60000) * D("0.0088") / 2) == D("264.00")
    assert (
        "Minnesota Paid Leave (employer minimum share): the small-employer rate applies at a headcount of 20 and an average "
        "wage of 60000.00 (under 107016.00), so the employer pays 0.22% of wages."
    ) in notes(small)
    assert not any("small-employer" in note for note in notes(large))


def test_minnesota_small_employer_rate_needs_an_average_wage_under_the_limit(quote_of):
    # 150% of the statewide average weekly wage: $2,058 a week x 52 = $107,016 a year.
    assert D(2058) * 52 == D(107016)
    well_paid = quote(quote_of, "MN", salary=120000, extra="  employees: 20\n")
    assert lines(well_paid)["mn_paid_leave_employer"].per_head == cents(D(120000) * D("0.0044")) == D("528.00")
    assert (
        "Minnesota Paid Leave (employer minimum share): the small-employer rate does not apply at a headcount of 20, because "
        "the average wage of 120000.00 is not under 107016.00."
    ) in notes(well_paid)
    stated = quote(quote_of, "MN", salary=120000, extra="  employees: 20\n  annual_payroll: 1600000\n")
    # The company's own average, 1,600,000 / 20 = 80,000, is under the limit.
    assert lines(stated)["mn_paid_leave_employer"].per_head == cents(D(120000) * D("0.0022")) == D("264.00")


def test_an_unknown_company_size_is_said_and_the_proposal_headcount_used(quote_of):
    q = quote_of(client_yaml(role(60000, headcount=3), region="MN"))
    assert lines(q)["mn_paid_leave_employer"].per_head == D("132.00")  # 3 heads: a small employer
    assert (
        "The company's size is not given, so the small-employer rules of state programmes are judged on a headcount of 3, "
        "the people in this proposal."
    ) in notes(q)
    assert "The average wage of 60000.00 is that of the roles in this proposal, not of the whole company." in notes(q)
    # Which field settles it is advice to the sales rep, never the client's reading.
    assert q.warnings == (
        "client.employees is not set: state programmes' small-employer rules are judged on the 3 people of this proposal; "
        "set it to the whole company's headcount",
        "client.annual_payroll and client.employees are not both set: the small-employer wage test uses the roles' "
        "average wage; set both to test the whole company's",
    )
    texas = quote(quote_of, "TX")
    assert not any("company's size" in note for note in notes(texas))


@pytest.mark.parametrize(
    ("region", "key", "employees", "expected"),
    [
        ("WA", "wa_pfml_employer", 49, None),  # fewer than 50: no employer share (ESD)
        ("WA", "wa_pfml_employer", 50, cents(D(60000) * D("0.0113") * D("0.2857"))),
        ("CO", "co_famli_employer", 9, None),  # fewer than 10: no employer share (FAMLI)
        ("CO", "co_famli_employer", 10, cents(D(60000) * D("0.0088") / 2)),
        ("OR", "or_paid_leave_employer", 24, None),  # fewer than 25 (Paid Leave Oregon)
        ("OR", "or_paid_leave_employer", 25, cents(D(60000) * D("0.01") * D("0.4"))),
        ("ME", "me_pfml_employer", 14, None),  # fewer than 15 (Maine PFML)
        ("ME", "me_pfml_employer", 15, cents(D(60000) * D("0.01") / 2)),
        ("MA", "ma_pfml_employer", 24, None),  # fewer than 25 covered individuals (DFML)
        ("MA", "ma_pfml_employer", 25, cents(D(60000) * D("0.0042"))),
        ("DE", "de_pfml_employer", 9, None),  # fewer than 10: not covered
        ("DE", "de_pfml_employer", 10, cents(D(60000) * D("0.0032") / 2)),  # parental leave only, 0.32% in all
        ("DE", "de_pfml_employer", 25, cents(D(60000) * D("0.008") / 2)),
    ],
)
def test_paid_leave_size_rules(quote_of, region, key, employees, expected):
    got = lines(quote(quote_of, region, extra=f"  employees: {employees}\n")).get(key)
    assert (got.per_head if got else None) == expected


def test_paid_leave_oregon_reproduces_the_agency_example(quote_of):
    # "For $1,000 in wages, the employee would pay up to $6 and the employer would pay up to $4"
    # (Paid Leave Oregon employer FAQ): 1% in all, 60% employee, 40% employer (25 or more employees).
    q = quote(quote_of, "OR", salary=1000, extra="  employees: 30\n")
    assert lines(q)["or_paid_leave_employer"].per_head == cents(D(1000) * D("0.01") * D("0.4")) == D("4.00")


def test_a_programme_a_small_employer_does_not_pay_is_said(quote_of):
    q = quote(quote_of, "WA", extra="  employees: 20\n")
    assert "wa_pfml_employer" not in lines(q)
    assert "Washington Paid Family & Medical Leave (employer share): no employer share is owed at a headcount of 20 (small-employer rule)." in notes(q)


# -- Washington PFML: the agency's rate, total premium x employer share --------------------------


@pytest.mark.parametrize(
    ("year", "total", "employer_share", "expected"),
    [
        # $75,000 a year: 2026 total premium 1.13% = $847.50, employer 28.57% of it = $242.13
        # (the example is on a secondary page, mybenefitadvisor.com; rates: ESD newsletter Nov 2025).
        (2026, "0.0113", "0.2857", "242.13"),
        # 2025: 0.92% = $690.00, employer 28.48% = $196.51 (ESD news release 23 Oct 2024; example secondary).
        (2025, "0.0092", "0.2848", "196.51"),
    ],
)
def test_washington_paid_leave_reproduces_the_75000_example(quote_of, year, total, employer_share, expected):
    assert cents(D(75000) * D(total) * D(employer_share)) == D(expected)
    q = quote(quote_of, "WA", salary=75000, date=f"{year}-06-01", extra="  employees: 60\n")
    line = lines(q)["wa_pfml_employer"]
    assert line.per_head == D(expected)
    assert line.rate == D(total) * D(employer_share)  # 0.322841% exactly, not 0.323%


def test_washington_employment_administration_fund(quote_of):
    # 0.03% of the UI taxable wage base ($72,800, carried forward for 2026), an estimate.
    line = lines(quote(quote_of, "WA", salary=90000))["wa_employment_admin_fund"]
    assert (line.per_head, line.source.estimate) == (cents(D(72800) * D("0.0003")), True) == (D("21.84"), True)


# -- Premiums shared with the employee: Hawaii TDI, New York DBL ----------------------------------


@pytest.mark.parametrize(
    ("salary", "expected"),
    [
        # Premium assumed at 1.0% of wages up to the weekly base ($1,500.21 x 52 = $78,010.92);
        # the employee pays at most half of it and at most 0.5% of those wages (HAR 12-11-59).
        (60000, D(60000) * D("0.01") - min(D(60000) * D("0.01") / 2, D(60000) * D("0.005"))),
        (100000, D("1500.21") * 52 * D("0.01") - D("1500.21") * 52 * D("0.005")),
    ],
)
def test_hawaii_tdi_employer_pays_the_premium_above_the_employee_cap(quote_of, salary, expected):
    line = lines(quote(quote_of, "HI", salary=salary))["hi_tdi_employer"]
    assert (line.per_head, line.source.estimate) == (cents(expected), True)
    assert cents(expected) in (D("300.00"), D("390.05"))


def test_hawaii_prepaid_health_care_caps_the_employee_share(quote_of):
    # The employee pays at most 1.5% of wages (HRS 393-13); the usual employee share of single
    # cover is $1,440 a year (KFF 2025), so the employer adds $1,440 - 1.5% x $60,000 = $540.
    q = quote(quote_of, "HI")
    assert lines(q)["hi_phca_employer"].per_head == cents(D(1440) - D("0.015") * D(60000)) == D("540.00")
    assert "hi_phca_employer" not in lines(quote(quote_of, "HI", hours_per_week=15))  # under 20 hours a week
    none = quote_of(client_yaml(role(60000) + "assumptions: {health_tier: none}\n", region="HI"))
    assert "hi_phca_employer" not in lines(none)
    assert (
        "Health cover is compulsory in Hawaii for employees working 20 hours a week or more (Hawaii Prepaid Health Care Act: "
        "employer pays the employee's health premium share above 1.5% of wages); roles set to no health cover are priced without it."
    ) in notes(none)


def test_new_york_dbl_is_shown_even_when_the_employee_share_covers_it(quote_of):
    # NYSIF standard rate: $0.14 per $100 of wages capped at $340 a week: $24.75 a year; the
    # employee may be charged $0.60 a week ($31.20 a year), more than the premium: nothing left.
    premium = D("0.0014") * D(340) * 52
    assert cents(premium) == D("24.75") and D("0.60") * 52 == D("31.20")
    line = lines(quote(quote_of, "NY"))["ny_dbl_employer"]
    assert (line.per_head, line.source.estimate) == (max(D(0), cents(premium - D("31.20"))), True) == (D("0.00"), True)


def test_a_premium_above_the_employee_cap_falls_on_the_employer():
    # A carrier charging 0.3% of wages up to $340 a week: $53.04 a year; less the employee's
    # $0.60 a week ($31.20) leaves the employer $21.84.
    dbl = Premium(rate=D("0.003"), weekly_cap=D(340), employee_rate=D("0.005"), employee_weekly_max=D("0.60"), employee_share_max=D(1))
    assert dbl.employer_part(D(60000), D(52)) == D("0.003") * D(17680) - D("31.20") == D("21.84")


# -- Oregon Workers' Benefit Fund and Vermont's child-care contribution --------------------------


def test_oregon_workers_benefit_fund_is_cents_per_hour_worked(quote_of):
    # 1.8 cents an hour in 2026, the employer pays half (DCBS), on the 1,898 hours a full-time
    # employee works (2,080 paid hours less paid leave).
    line = lines(quote(quote_of, "OR"))["or_wbf_employer"]
    assert line.per_head == cents(D("0.018") / 2 * 1898) == D("17.08")
    assert lines(quote(quote_of, "OR", hours_per_week=20))["or_wbf_employer"].per_head == cents(D("0.009") * 1898 / 2) == D("8.54")


def test_vermont_child_care_contribution(quote_of):
    # 0.44% of wages, the employer pays at least three quarters (Vermont Department of Taxes).
    assert lines(quote(quote_of, "VT"))["vt_child_care_employer"].per_head == cents(D(60000) * D("0.0044") * D("0.75")) == D("198.00")


# -- Client-provided rates -----------------------------------------------------------------------


def test_a_client_provided_unemployment_rate_replaces_the_new_employer_rate(quote_of):
    q = quote(quote_of, "GA", extra="  suta_rate: 0.031\n")
    suta = lines(q)["suta"]
    assert suta.per_head == cents(D("0.031") * D(9500)) == D("294.50")
    assert suta.label == "State unemployment tax (SUTA), client-provided rate"
    # The document is the wage base's; that the rate is the client's is our basis, in both languages.
    assert suta.source.title == "Official Code of Georgia, § 34-8-151: Rate of employer contributions"
    assert suta.source.basis.en == (
        "The rate is the client's own unemployment tax rate, as the client provided it; the taxable wage base is the state's. "
        "The tax is due on the first $9,500 of each employee's wages a year (§ 34-8-49); new employers pay 2.64% of it from 2017 through 2026 (§ 34-8-151(d))."
    )
    assert "ga_admin_assessment" not in lines(q)  # a new employer's assessment: not for an established one
    reference = next(ref for ref in q.references if ref.key == "suta")
    assert (reference.rate, reference.label, reference.source.title) == (D("0.031"), suta.label, suta.source.title)
    assert "The unemployment tax uses the client-provided rate of 3.1% on the state's taxable wage base; new-employer assessments are left out." in notes(q)
    assert lines(quote(quote_of, "GA"))["ga_admin_assessment"].per_head == cents(D("0.0006") * D(9500)) == D("5.70")


def test_minnesota_additional_assessment_follows_the_client_rate(quote_of):
    # 5% of the unemployment tax due: 5% x 2.0% x $43,000 = $43.00 (new employer 1.4%: $30.10).
    assert lines(quote(quote_of, "MN", extra="  suta_rate: 0.02\n"))["mn_ui_additional_assessment"].per_head == cents(D("0.05") * D("0.02") * D(43000)) == D("43.00")
    assert lines(quote(quote_of, "MN"))["mn_ui_additional_assessment"].per_head == cents(D("0.05") * D("0.014") * D(43000)) == D("30.10")


def test_massachusetts_emac_is_charged_to_established_employers_only(quote_of):
    # 0.34% of the first $15,000 from the sixth year; not liable under six employees (DUA).
    established = quote(quote_of, "MA", extra="  suta_rate: 0.025\n  employees: 30\n")
    assert lines(established)["ma_emac"].per_head == cents(D("0.0034") * D(15000)) == D("51.00")
    assert "ma_emac" not in lines(quote(quote_of, "MA", extra="  suta_rate: 0.025\n  employees: 5\n"))
    new = quote(quote_of, "MA", extra="  employees: 30\n")
    assert "ma_emac" not in lines(new)
    assert (
        "Massachusetts Employer Medical Assistance Contribution (EMAC), established employer is not charged: the quote prices a "
        "new employer, and it applies from the fourth year after first becoming subject to unemployment insurance (0.12%; 0.24% "
        "in the fifth year; 0.34% from the sixth)."
    ) in notes(new)
    assert (
        "client.suta_rate is not set: the quote prices a new employer, so Massachusetts Employer Medical Assistance Contribution "
        "(EMAC), established employer is not charged; set it to the client's own unemployment tax rate to price an established employer"
    ) in new.warnings


def test_a_workers_comp_rate_given_for_the_role_is_labelled_client_provided(quote_of):
    line = lines(quote(quote_of, "TX", workers_comp_rate="2.5"))["workers_comp"]
    assert (line.label, line.per_head) == ("Workers' compensation, client-provided rate", cents(D(60000) * D("0.025")))
    assert (line.source.title, line.source.title_fr) == ("Rate provided by the client for this role", "Taux fourni par le client pour ce poste")


# -- Local payroll taxes --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("locality", "payroll", "date", "expected"),
    [
        # Quarterly payroll (stated payroll + the role) / 4 picks the bracket; the whole payroll pays its rate.
        ("Brooklyn", 2000000, "2026-11-28", D(75000) * D("0.006")),  # 2,075,000 / 4 = 518,750: 0.60% (Zone 1)
        ("Westchester", 2000000, "2026-11-28", D(75000) * D("0.0034")),  # Zone 2: 0.34%
        ("Manhattan", 12000000, "2026-11-28", D(75000) * D("0.00895")),  # 12,075,000 / 4 > 2.5M: 0.895% from July 2025
        ("Kings County", 1300000, "2025-03-01", D(75000) * D("0.0011")),  # 1,375,000 / 4 = 343,750: 0.11% before July 2025
        ("kings", 1300000, "2025-09-01", D(75000) * D("0.00055")),  # the same bracket halved from 1 July 2025
    ],
)
def test_new_york_mctmt_by_quarterly_payroll(quote_of, locality, payroll, date, expected):
    q = quote(quote_of, "NY", salary=75000, date=date, extra=f"  locality: {locality}\n  annual_payroll: {payroll}\n")
    got = lines(q)
    assert got[next(key for key in got if key.startswith("ny_mctmt"))].per_head == cents(expected)


def test_mctmt_notes_say_which_payroll_chose_the_bracket(quote_of):
    q = quote(quote_of, "NY", salary=75000, extra="  locality: Brooklyn\n  annual_payroll: 2000000\n")
    assert (
        "New York MCTMT (Metropolitan Commuter Transportation Mobility Tax), Zone 1 is charged at 0.6% of wages, the rate for a "
        "quarterly payroll of 518750.00: a quarter of 2075000.00, the client's stated payroll plus these roles."
    ) in notes(q)
    small = quote(quote_of, "NY", salary=75000, extra="  locality: Brooklyn\n")
    assert not any(key.startswith("ny_mctmt") for key in lines(small))
    assert (
        "New York MCTMT (Metropolitan Commuter Transportation Mobility Tax), Zone 1 is not due: a quarterly payroll of 18750.00 "
        "(a quarter of 75000.00, the wages of these roles alone) is in the exempt bracket."
    ) in notes(small)
    assert (
        "client.annual_payroll is not set: a local tax's payroll bracket is judged on these roles' wages only; "
        "set it to the company's payroll without these roles"
    ) in small.warnings
    assert not any("annual_payroll" in warning for warning in q.warnings)
    upstate = quote(quote_of, "NY", salary=75000, extra="  locality: Buffalo\n  annual_payroll: 9000000\n")
    assert not any(key.startswith("ny_mctmt") for key in lines(upstate)) and not any("MCTMT" in note for note in notes(upstate))


@pytest.mark.parametrize(
    ("locality", "key", "rate", "estimate"),
    [
        ("Portland", "or_trimet", "0.008237", False),  # TriMet 0.8237% (updated February 2026)
        ("Eugene", "or_ltd", "0.008", False),  # Lane Transit District 0.80%
        ("Clackamas County", "or_trimet", "0.008237", True),  # only partly inside the district
    ],
)
def test_oregon_transit_taxes(quote_of, locality, key, rate, estimate):
    line = lines(quote(quote_of, "OR", salary=75000, extra=f"  locality: {locality}\n"))[key]
    assert (line.per_head, line.source.estimate) == (cents(D(75000) * D(rate)), estimate)
    assert cents(D(75000) * D("0.008237")) == D("617.78")


def test_a_partly_covered_county_is_said(quote_of):
    q = quote(quote_of, "OR", extra="  locality: Clackamas\n")
    assert (
        "TriMet transit payroll tax (Portland area) is included because Clackamas lies partly inside the district; it is due "
        "only on work done there, so check the address."
    ) in notes(q)


@pytest.mark.parametrize(
    ("region", "taxes"),
    [
        ("NY", "the Metropolitan Commuter Transportation Mobility Tax (MCTMT) in New York City and seven nearby counties"),
        ("OR", "the TriMet (Portland area) and Lane Transit District (Eugene-Springfield area) transit payroll taxes"),
    ],
)
def test_a_missing_locality_is_said_where_local_taxes_exist(quote_of, region, taxes):
    q = quote(quote_of, region)
    name = {"NY": "New York", "OR": "Oregon"}[region]
    assert (
        f"{name} has local payroll taxes that depend on where the work is done ({taxes}); none is included, as the "
        "county or city of work is not given."
    ) in notes(q)
    assert f"client.locality is not set: {name}'s local payroll taxes are left out; set it to the county or city where the work is done" in q.warnings
    assert not any("local payroll taxes" in note for note in notes(quote(quote_of, "TX")))


# -- The new fields are checked like every other (through the CLI) -------------------------------


def test_bad_locality_and_unemployment_rate_are_refused_with_their_place(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ny.yaml").write_text(client_yaml(role(50000), region="NY", extra_client="  locality: Brookln\n  suta_rate: 3.1\n"))
    (tmp_path / "or.yaml").write_text(client_yaml(role(50000), region="OR", extra_client="  locality: Atlantis\n"))
    (tmp_path / "ca.yaml").write_text(client_yaml(role(50000), country="CA", region="ON", extra_client="  suta_rate: 0.03\n"))
    result = CliRunner().invoke(main, ["validate", "ny.yaml", "or.yaml", "ca.yaml"], catch_exceptions=False)
    assert result.exit_code == 1
    assert result.stderr == (
        "ny.yaml:5:13: client.locality: 'Brookln' is not a county or city of New York that quotegen knows; did you mean 'Brooklyn'?\n"
        "ny.yaml:6:14: client.suta_rate: must be at most 0.2 (a fraction of wages: write 0.031 for 3.1%)\n"
        "or.yaml:5:13: client.locality: 'Atlantis' is not a county or city of Oregon that quotegen knows; give the county where the work is done\n"
        "ca.yaml:5:14: client.suta_rate: applies to US clients only: it replaces a state's new-employer unemployment tax rate\n"
    )


def test_a_locality_outside_states_with_local_taxes_is_accepted(quote_of):
    q = quote(quote_of, "TX", extra="  locality: Austin\n")
    assert not any(key.startswith(("ny_", "or_")) for key in lines(q))
