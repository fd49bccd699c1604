"""The redline: what changed between revision N-1 as issued and revision N (engine/redline.py),
in the JSON and in the document, in English and French, full and brief."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

import pytest

from quotegen.data.models import Model
from quotegen.engine.redline import Snapshot, changes
from quotegen.render.json_export import quote_to_dict

NBSP = "\u00a0"


def client(roles: str, *, revision: int = 1, country: str = "US", region: str = "TX", locale: str = "") -> str:
    return f"""client:
  name: Acme Clinics
  country: {country}
  region: {region}
{locale}proposal:
  date: 2026-03-02
  prepared_by: Alex Rivera
  revision: {revision}
roles:
{roles}"""


FIRST = """  - {title: Bookkeeper, family: bookkeeping, salary: 52000}
  - {title: Receptionist, family: admin, salary: 36000, headcount: 2}
  - {title: Janitor, family: facilities, salary: 30000, on_site: true}
"""
SECOND = """  - {title: Bookkeeper, family: bookkeeping, salary: 54000}
  - {title: Receptionist, family: admin, salary: 36000, headcount: 3, on_site: true}
  - {title: Payroll clerk, family: bookkeeping, seniority: junior, salary: 45000}
"""


@pytest.fixture
def revisions(quote_of):
    return quote_of(client(FIRST), "r1.yaml"), quote_of(client(SECOND, revision=2), "r2.yaml")


def test_each_figure_that_moved_is_listed_in_reading_order(revisions):
    first, second = revisions
    found = [(c.field, c.label.english(), c.before, c.after, c.kind) for c in changes(Snapshot.of(first), Snapshot.of(second))]
    receptionist_now = second.roles[1].proposed.annual
    assert second.roles[1].recommendation.model == Model.IN_HOUSE and receptionist_now == second.roles[1].in_house.annual
    assert found == [
        ("roles[Bookkeeper].salary", "Bookkeeper: salary", Decimal(52000), Decimal(54000), "money"),
        ("roles[Receptionist].headcount", "Receptionist: headcount", 2, 3, "count"),
        ("roles[Receptionist].model", "Receptionist: model", Model.STAFF_LEASING, Model.IN_HOUSE, "model"),
        # Admin, mid, from Harare on the afternoon shift: 2,300 x 1.05 = 2,415 a month, 12 months, 2 heads.
        ("roles[Receptionist].annual", "Receptionist: our price a year", Decimal("57960.00"), receptionist_now, "money"),
        # Bookkeeping, junior: 2,250 x 1.05 = 2,362.50 a month, 12 months.
        ("roles[Payroll clerk]", "Role added: Payroll clerk", None, Decimal("28350.00"), "money"),
        ("roles[Janitor]", "Role removed: Janitor", first.roles[2].proposed.annual, None, "money"),
        # The 750 set-up fee per leased worker: 3 leased heads, then 2.
        ("one_time_costs", "One-time set-up fees", Decimal("2250.00"), Decimal("1500.00"), "money"),
        ("totals.in_house_annual", "In-house cost a year", first.totals.in_house_annual, second.totals.in_house_annual, "money"),
        ("totals.proposed_annual", "Our price a year", first.totals.proposed_annual, second.totals.proposed_annual, "money"),
        ("totals.savings_annual", "Your saving a year", first.totals.savings_annual, second.totals.savings_annual, "money"),
    ]
    # The bookkeeper's price comes from the rate card, so a new salary leaves it where it was.
    assert first.roles[0].proposed.annual == second.roles[0].proposed.annual == Decimal("35280.00")


def test_the_same_figures_give_no_change(revisions):
    first, _ = revisions
    assert changes(Snapshot.of(first), Snapshot.of(first)) == ()


def test_a_snapshot_reads_back_from_its_ledger_form(revisions):
    for quote in revisions:
        snapshot = Snapshot.of(quote)
        assert Snapshot.from_dict(snapshot.to_dict()) == snapshot
    broken = Snapshot.of(revisions[0]).to_dict()
    del broken["savings_annual"]
    with pytest.raises(ValueError, match="^its snapshot has no savings_annual$"):
        Snapshot.from_dict(broken)
    broken = {**Snapshot.of(revisions[0]).to_dict(), "one_time": 2250.0}
    with pytest.raises(ValueError, match="^its snapshot cannot be read \\(2250.0 is not a decimal written as text\\)$"):
        Snapshot.from_dict(broken)


def test_the_json_has_changes_only_when_an_earlier_revision_is_known(revisions):
    first, second = revisions
    assert "changes" not in quote_to_dict(second)
    assert quote_to_dict(replace(second, changes=()))["changes"] == []
    redlined = replace(second, changes=changes(Snapshot.of(first), Snapshot.of(second)))
    listed = quote_to_dict(redlined)["changes"]
    assert listed[:3] == [
        {"field": "roles[Bookkeeper].salary", "label": "Bookkeeper: salary", "before": "52000.00", "after": "54000.00"},
        {"field": "roles[Receptionist].headcount", "label": "Receptionist: headcount", "before": 2, "after": 3},
        {"field": "roles[Receptionist].model", "label": "Receptionist: model", "before": "staff_leasing", "after": "in_house"},
    ]
    assert listed[4] == {"field": "roles[Payroll clerk]", "label": "Role added: Payroll clerk", "before": None, "after": "28350.00"}


@pytest.mark.parametrize("brief", [False, True])
def test_the_document_shows_the_section_after_the_summary(revisions, renderer, brief):
    first, second = revisions
    html = renderer.html(replace(second, changes=changes(Snapshot.of(first), Snapshot.of(second))), brief=brief)
    section = html[html.index('<section id="changes"'):]
    section = text_of(section[: section.index("</section>")])
    assert html.index('id="summary"') < html.index('id="changes"') < html.index('id="comparison"')
    assert "Changes since revision 1" in section
    for row in (
        ("Bookkeeper: salary", "$52,000.00", "$54,000.00"),
        ("Receptionist: model", "Staff leasing", "In-house hire"),
        ("Role added: Payroll clerk", "—", "$28,350.00"),
        ("One-time set-up fees", "$2,250.00", "$1,500.00"),
    ):
        cells = section[section.index(row[0]):]
        assert cells.index(row[1]) < cells.index(row[2]) < cells.index("\n\n"), row


def test_the_document_in_french(quote_of, renderer):
    roles_first = "  - {title: Commis, family: admin, salary: 50000}\n"
    roles_second = "  - {title: Commis, family: admin, salary: 52000}\n  - {title: Paie, family: bookkeeping, salary: 48000}\n"
    locale = "  locale: fr_CA\n"
    first = quote_of(client(roles_first, country="CA", region="QC", locale=locale), "r1.yaml")
    second = quote_of(client(roles_second, revision=2, country="CA", region="QC", locale=locale), "r2.yaml")
    catalogue = renderer.catalogue("fr_CA")
    catalogue.missing.clear()
    html = renderer.html(replace(second, changes=changes(Snapshot.of(first), Snapshot.of(second))))
    section = text_of(html[html.index('<section id="changes"'): html.index("</section>", html.index('<section id="changes"'))])
    assert "Modifications depuis la révision 1" in section
    assert f"Commis{NBSP}: salaire" in section and f"50{NBSP}000,00{NBSP}$" in section and f"52{NBSP}000,00{NBSP}$" in section
    assert f"Poste ajouté{NBSP}: Paie" in section
    assert "Votre économie annuelle" in section
    assert not {text for text in catalogue.missing if text in section}


def text_of(html: str) -> str:
    """What a reader sees of some markup: its text, one table row a paragraph."""
    text = re.sub(r"</tr>", "\n\n", html)
    return re.sub(r"[ \t]*\n[ \t]*(?!\n)", " ", re.sub(r"<[^>]+>", "", text))


def test_no_section_without_an_earlier_revision(revisions, renderer):
    assert 'id="changes"' not in renderer.html(revisions[1])
    html = renderer.html(replace(revisions[1], changes=()))
    assert "no figure differs from revision 1 as it was sent" in html
