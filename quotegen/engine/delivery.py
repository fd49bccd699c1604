"""Where leased and outsourced work is delivered from: every centre and shift, judged by
the hours it shares with the client's business day, its languages, where it stands (work
that must stay onshore) and its price."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from quotegen.input.provider import ProviderConfig
from quotegen.data.tables import regions_of
from quotegen.input.client import Role

BUSINESS_DAY = (9, 17)  # the client's working hours, local standard time
# Overlap a role needs when the client file does not say: live work needs half a day;
# processes, projects and analysis need a hand-over; one-off tasks need none.
DEFAULT_OVERLAP = {"role": Decimal(4), "process": Decimal(2), "knowledge": Decimal(2), "project": Decimal(2), "task": Decimal(0)}
MINUTES_PER_DAY = 24 * 60


@dataclass(frozen=True, slots=True)
class Delivery:
    """One centre and shift, evaluated for one role."""

    centre: str
    centre_name: str
    location: str
    shift: str
    shift_start: int
    overlap: Decimal  # hours shared with the client's business day
    premium: Decimal  # a fraction of the fee
    price_factor: Decimal
    missing_languages: tuple[str, ...]
    needed_overlap: Decimal
    onshore_needed: bool = False  # the role's work must stay in the client's country

    @property
    def abroad(self) -> bool:
        """Offshore or nearshore, when the work must stay onshore."""
        return self.onshore_needed and self.location != "onshore"

    @property
    def suitable(self) -> bool:
        return self.overlap >= self.needed_overlap and not self.missing_languages and not self.abroad

    @property
    def cost_factor(self) -> Decimal:
        """What this centre and shift cost relative to the base rate card."""
        return self.price_factor * (1 + self.premium)

    def verdict(self) -> str:
        problems = []
        if self.overlap < self.needed_overlap:
            problems.append(f"overlap {self.overlap:g} h < {self.needed_overlap:g} h needed")
        if self.missing_languages:
            problems.append("no " + ", ".join(self.missing_languages))
        if self.abroad:
            problems.append(f"{self.location}, and the work must stay onshore")
        return "; ".join(problems) or "suitable"


def needed_overlap(role: Role) -> Decimal:
    return role.overlap_hours if role.overlap_hours is not None else DEFAULT_OVERLAP[role.work]


def client_offset(country: str, region: str) -> Decimal:
    return Decimal(str(regions_of(country)[region]["utc_offset"]))


def overlap_hours(shift_start: int, shift_hours: int, centre_offset: Decimal, client_utc_offset: Decimal) -> Decimal:
    """Hours a shift shares with the client's 9-to-5, both on a 24-hour clock in UTC."""
    shift_from = int((shift_start - centre_offset) * 60) % MINUTES_PER_DAY
    client_from = int((BUSINESS_DAY[0] - client_utc_offset) * 60) % MINUTES_PER_DAY
    shift_len, client_len = shift_hours * 60, (BUSINESS_DAY[1] - BUSINESS_DAY[0]) * 60
    shared = 0
    for shift_day in (-MINUTES_PER_DAY, 0, MINUTES_PER_DAY):  # a shift may cross midnight UTC
        start = max(shift_from + shift_day, client_from)
        end = min(shift_from + shift_day + shift_len, client_from + client_len)
        shared += max(0, end - start)
    return Decimal(shared) / 60


def evaluate(role: Role, country: str, region: str, config: ProviderConfig) -> tuple[Delivery, ...]:
    """Every centre and shift, in a stable order (centre code, then shift start)."""
    offset = client_offset(country, region)
    need = needed_overlap(role)
    found = []
    for code in sorted(config.delivery_centres):
        centre = config.delivery_centres[code]
        missing = tuple(lang for lang in role.languages if lang not in centre.languages)
        for name, shift in sorted(centre.shifts.items(), key=lambda kv: (kv[1].start, kv[0])):
            found.append(
                Delivery(
                    centre=code,
                    centre_name=centre.name,
                    location=centre.location,
                    shift=name,
                    shift_start=shift.start,
                    overlap=overlap_hours(shift.start, shift.hours, centre.utc_offset, offset),
                    premium=shift.premium_pct / 100,
                    price_factor=centre.price_factor,
                    missing_languages=missing,
                    needed_overlap=need,
                    onshore_needed=role.onshore_only,
                )
            )
    return tuple(found)


def choose(evaluated: tuple[Delivery, ...]) -> Delivery | None:
    """The cheapest suitable centre and shift; ties go to more overlap, then the centre code."""
    suitable = [d for d in evaluated if d.suitable]
    if not suitable:
        return None
    return min(suitable, key=lambda d: (d.cost_factor, -d.overlap, d.centre, d.shift_start))
