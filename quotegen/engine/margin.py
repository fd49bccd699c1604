"""Margin rules: discounts on the leasing fee, each leased role's cost and margin, and the policy.

Only work leased from the rate card has a cost the provider knows (quotegen.yaml `costs`:
a month per full-time worker, by centre, role family and seniority), so only staff-leasing
roles have a margin and take a discount. The discount is a line under the fee: the monthly
fee times the percentage, rounded to the cent once, times the months; the role's price is
the exact sum of the two lines. The cost is figured the same way as the fee: the monthly
cost times the shift's premium (it pays the shift differential, so it raises cost and fee
alike) and the hours, converted like the fee, rounded once, times the months.

A role whose margin is below `policy.min_margin_pct`, or a discount above
`policy.max_discount_pct`, is a `Breach`; api refuses to render a quote with one unless the
client file records an approval. None of this reaches the client's documents: the report is
for the internal copy and the ledger.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from quotegen.data.models import Model
from quotegen.engine.lines import Breakdown, CostLine, Unit
from quotegen.engine.phrases import Phrase
from quotegen.engine.pricing import PricedProposal, PricedRole
from quotegen.engine.quote import Quote, RoleQuote
from quotegen.money import ZERO, money_sum, percent, round_money

FEE_KEY = "leasing_fee"
DISCOUNT_KEY = "discount"


# -- discounts ----------------------------------------------------------------------------


def apply_discounts(priced: PricedProposal) -> PricedProposal:
    """Every role's staff-leasing option with its discount line (client file `discount_pct`)."""
    client_file = priced.client_file
    roles = tuple(_discounted_role(p, client_file.discount_pct(p.role)) for p in priced.roles)
    return dataclasses.replace(priced, roles=roles)


def _discounted_role(priced: PricedRole, pct: Decimal | None) -> PricedRole:
    if not pct:
        return priced
    options = tuple(
        dataclasses.replace(o, breakdown=discounted(o.breakdown, pct, priced.role.headcount))
        if o.model == Model.STAFF_LEASING and o.breakdown is not None
        else o
        for o in priced.options
    )
    return dataclasses.replace(priced, options=options)


def discounted(breakdown: Breakdown, pct: Decimal, heads: int) -> Breakdown:
    """A leasing breakdown with a line taking `pct` percent off its monthly fee."""
    fee = next(line for line in breakdown.lines if line.key == FEE_KEY)
    monthly = round_money(fee.rate * pct / 100)  # the only rounding: per head and month, like the fee
    line = CostLine.rounded(DISCOUNT_KEY, Phrase.of("Discount of {pct}%", pct=pct), -monthly * fee.base, heads, rate=-monthly, base=fee.base, unit=Unit.MONTHS)
    return Breakdown.of(breakdown.model, (*breakdown.lines, line))


# -- margins ------------------------------------------------------------------------------


class _Margin:
    """The margin of something with a price and a cost (None when the cost is not known)."""

    __slots__ = ()
    price: Decimal
    cost: Decimal | None

    @property
    def margin(self) -> Decimal | None:
        return None if self.cost is None else self.price - self.cost

    @property
    def margin_pct(self) -> Decimal | None:
        return None if self.cost is None else percent(self.price - self.cost, self.price)


@dataclass(frozen=True, slots=True)
class RoleMargin(_Margin):
    """One leased role: our price, what delivering it costs us, and the difference. All a year, all heads."""

    index: int  # the role's place in the client file
    title: str
    family: str
    seniority: str
    centre: str
    centre_name: str
    shift: str
    headcount: int
    list_price: Decimal  # the fee lines, before the discount
    discount_pct: Decimal | None
    discount: Decimal  # taken off the list price (not negative)
    price: Decimal
    cost: Decimal | None  # None: quotegen.yaml gives no cost for this centre, family and seniority
    monthly_cost: Decimal | None  # per head, as costed (shift premium, hours, currency)


@dataclass(frozen=True, slots=True)
class Breach:
    """A rule of the policy a quote breaks, and where in the client file it shows."""

    loc: tuple[str | int, ...]
    message: str  # the refusal, naming the role, its figure and the rule
    summary: str  # the same in short, as the ledger and the internal copy record an approved one
    approvable: bool = True  # a missing cost is fixed in quotegen.yaml, not approved


@dataclass(frozen=True, slots=True)
class Approval:
    by: str
    date: dt.date
    reason: str


@dataclass(frozen=True, slots=True)
class MarginReport(_Margin):
    """The internal view of a quote: each leased role's margin, the policy, its breaches and the approval."""

    roles: tuple[RoleMargin, ...]
    others: tuple[RoleQuote, ...]  # roles not leased from the rate card: no margin rule applies
    floor: Decimal | None
    cap: Decimal | None
    breaches: tuple[Breach, ...]
    approval: Approval | None
    cost_source: str | None
    cost_year: int | None
    sample_costs: bool
    price: Decimal  # over the leased roles
    cost: Decimal | None  # None when a leased role has no cost
    discount: Decimal

    @property
    def list_price(self) -> Decimal:
        return self.price + self.discount

    @property
    def refused(self) -> tuple[Breach, ...]:
        """What stops the quote: every breach without an approval, and any that cannot be approved."""
        return tuple(b for b in self.breaches if not b.approvable or self.approval is None)


def report(priced: PricedProposal, quote: Quote) -> MarginReport:
    """Margins and the policy for a priced, recommended quote (roles in the same order)."""
    config, client_file = priced.config, priced.client_file
    costs, policy = config.costs, config.policy
    leased, others = [], []
    for index, (p, r) in enumerate(zip(priced.roles, quote.roles, strict=True)):
        option = p.option(Model.STAFF_LEASING)
        if r.recommendation.model != Model.STAFF_LEASING or r.priced_on_request or option is None or option.delivery is None:
            others.append(r)
            continue
        fee = next(line for line in r.proposed.lines if line.key == FEE_KEY)
        discount_line = next((line for line in r.proposed.lines if line.key == DISCOUNT_KEY), None)
        monthly = costs.monthly_cost(option.delivery.centre, r.family, p.role.seniority) if costs else None
        monthly_cost = None
        if monthly is not None:
            converted = monthly * (1 + option.delivery.premium) * p.role.fte * (priced.fx.rate if priced.fx else 1)
            monthly_cost = round_money(converted)
        leased.append(
            RoleMargin(
                index=index,
                title=r.title,
                family=r.family,
                seniority=r.seniority,
                centre=option.delivery.centre,
                centre_name=option.delivery.centre_name,
                shift=option.delivery.shift,
                headcount=r.headcount,
                list_price=fee.annual,
                discount_pct=client_file.discount_pct(p.role),
                discount=-discount_line.annual if discount_line else ZERO,
                price=r.proposed.annual,
                cost=None if monthly_cost is None else monthly_cost * fee.base * r.headcount,
                monthly_cost=monthly_cost,
            )
        )
    approval = client_file.proposal.approval
    costed = all(m.cost is not None for m in leased)
    return MarginReport(
        roles=tuple(leased),
        others=tuple(others),
        floor=policy.min_margin_pct,
        cap=policy.max_discount_pct,
        breaches=tuple(_breaches(priced, leased)),
        approval=Approval(approval.by, approval.date, approval.reason) if approval else None,
        cost_source=costs.source if costs else None,
        cost_year=costs.year if costs else None,
        sample_costs=bool(costs and costs.sample),
        price=money_sum(m.price for m in leased),
        cost=money_sum(m.cost for m in leased) if costed else None,
        discount=money_sum(m.discount for m in leased),
    )


APPROVAL_HINT = "or record an approval as proposal.approval: {by, date, reason}"


def _breaches(priced: PricedProposal, leased: list[RoleMargin]) -> list[Breach]:
    """Discounts above the cap (where the file gives them), then margins below the floor (at the role)."""
    client_file, policy = priced.client_file, priced.config.policy
    found = []
    cap = policy.max_discount_pct
    if cap is not None:
        given = client_file.proposal.discount_pct
        if given is not None and given > cap:
            found.append(
                Breach(
                    ("proposal", "discount_pct"),
                    f"discount {plain(given)}% is above the cap of {plain(cap)}% (policy.max_discount_pct); lower it {APPROVAL_HINT}",
                    f"discount {plain(given)}% for the whole proposal, above the cap of {plain(cap)}%",
                )
            )
        for index, role in enumerate(client_file.roles):
            if role.discount_pct is not None and role.discount_pct > cap:
                found.append(
                    Breach(
                        ("roles", index, "discount_pct"),
                        f'role "{role.title}": discount {plain(role.discount_pct)}% is above the cap of {plain(cap)}% (policy.max_discount_pct); '
                        f"lower it {APPROVAL_HINT}",
                        f'role "{role.title}": discount {plain(role.discount_pct)}%, above the cap of {plain(cap)}%',
                    )
                )
    floor = policy.min_margin_pct
    if floor is not None:
        for m in leased:
            where = ("roles", m.index)
            if m.cost is None:
                found.append(
                    Breach(
                        where,
                        f'role "{m.title}": quotegen.yaml gives no cost for {m.family} {m.seniority} from {m.centre}, so its margin cannot be '
                        f"checked against the floor of {plain(floor)}% (policy.min_margin_pct); add it under costs.monthly.{m.centre}.{m.family}",
                        f'role "{m.title}": no cost for {m.family} {m.seniority} from {m.centre}',
                        approvable=False,
                    )
                )
            elif m.margin_pct < floor:
                found.append(
                    Breach(
                        where,
                        f'role "{m.title}": margin {m.margin_pct}% is below the floor of {plain(floor)}% (policy.min_margin_pct); '
                        f"lower the discount {APPROVAL_HINT}",
                        f'role "{m.title}": margin {m.margin_pct}%, below the floor of {plain(floor)}%',
                    )
                )
    return found


def plain(value: Decimal) -> str:
    """A percentage as typed: 20, 12.5 (no exponent, no trailing zeros)."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
