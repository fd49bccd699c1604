"""What the document says besides the engine's figures: the provider's texts in the document's
language, the clauses of the terms that apply to this proposal, and reading aids drawn from
the quote (which work is time-bound, which reasons every role of a model shares, why the
in-house cost changes over the years, the set-up fee in both currencies).

Everything here is a view of the frozen quote and the configuration for the templates; the
only figures it makes are sums and whole-unit roundings of amounts the quote holds, with the
engine's own functions (engine.quote.Totals.of, money.money_sum, money.round_whole).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from babel import Locale

from quotegen.data.models import Model, Provider
from quotegen.engine.phrases import Languages, Phrase
from quotegen.engine.quote import Quote, RoleQuote, Totals
from quotegen.engine.tco import Sensitivity
from quotegen.input.provider import Clause, ProviderConfig, ProviderTexts
from quotegen.money import money_sum, round_money, round_whole
from quotegen.render.formatting import Formatter
from quotegen.render.sandbox import FrozenMap, Record, fill

Translate = Callable[..., str]  # _("text", name=value): the document's gettext


def language(quote: Quote) -> str:
    return quote.locale.split("_")[0]


# -- the provider's texts ---------------------------------------------------------------


def provider_texts(config: ProviderConfig, quote: Quote, fmt: Formatter, _: Translate) -> Record:
    """The provider's texts in the document's language, their {names} filled in.

    A text the document's language lacks is refused (QuotegenError naming it): nothing
    falls back to English.
    """
    lang = language(quote)
    config.check_language(lang, f"the proposal for {quote.client.name} (locale {quote.locale})")
    values = {
        "brand": config.provider.name,
        "provider": config.provider.legal_name,
        "client": quote.client.name,
        "setup_fee": setup_fee_text(config, quote, fmt, _),
        "escalation": fmt.rate(config.pricing.escalation_pct / 100),
    }

    def pick(localized: dict[str, str] | None) -> str | None:
        return typeset(fill(localized[lang], values), lang) if localized else None

    brand = config.provider
    texts = config.texts.get(lang) or ProviderTexts()  # type: ignore[call-overload]
    contact = brand.account_contact
    return Record(
        {
            "setup_fee": values["setup_fee"],  # per worker, labelled when in another currency
            "tagline": pick(brand.tagline),
            "footer": pick(brand.footer),
            "introduction": pick({lang: texts.introduction}) if texts.introduction else None,
            "next_steps": tuple(typeset(fill(step, values), lang) for step in texts.next_steps),
            # Short fixed phrases stay on one line: "Week 5", a phone number.
            "onboarding": tuple(Record({"when": _nobreak(fill(m.when, values)), "what": typeset(fill(m.what, values), lang)}, "milestone") for m in texts.onboarding),
            "account_contact": Record({"name": contact.name, "title": pick(contact.title), "email": contact.email, "phone": _nobreak(contact.phone)}, "contact")
            if contact
            else None,
            "clauses": tuple(
                Record({"key": key, "title": pick(clause.title), "text": pick(clause.text)}, "clause")
                for key, clause in config.terms.items()
                if applies(clause, quote)
            ),
        },
        "provider texts",
    )


def typeset(text: str, lang: str) -> str:
    """A paragraph's last word never stands alone on its line (it is bound to the one before),
    and French puts a no-break space before a colon and a percent sign."""
    text = _LAST_SPACE.sub("\u00a0", text)
    if lang != "fr":
        return text
    return text.replace(" :", "\u00a0:").replace(" %", "\u00a0%").replace("« ", "«\u00a0").replace(" »", "\u00a0»")


_LAST_SPACE = re.compile(r" (?=\S{1,15}$)")  # before a short last word


def _nobreak(text: str | None) -> str | None:
    return text.replace(" ", "\u00a0") if text else text


def conditions(quote: Quote) -> frozenset[str]:
    """What this proposal contains, in the words of a clause's applies_when."""
    found = {"always"}
    for role in quote.roles:
        rec = role.recommendation
        if role.priced_on_request:
            continue  # no price yet: nothing of it is agreed by signing
        if rec.model.rate_card:
            found.add("leasing")
        if rec.model.service_work and rec.centre and rec.model != Model.PROJECT:
            found.add("managed_service")  # a process or knowledge team of ours, billed by the hour
        if rec.model == Model.PROJECT:
            found.add("project")
        if rec.model == Model.EOR:
            found.add("eor")
        if rec.provider_name or rec.model.provider in (Provider.THIRD_PARTY, Provider.MARKET):
            found.add("third_party")
    if quote.converted_from and found & OURS:
        found.add("converted")  # our fees, set in another currency, converted at the rate stated
    return frozenset(found)


OURS = frozenset({"leasing", "managed_service", "project", "eor"})  # what the provider itself supplies


def applies(clause: Clause, quote: Quote) -> bool:
    return bool(set(clause.applies_when) & conditions(quote))


def setup_fee_text(config: ProviderConfig, quote: Quote, fmt: Formatter, _: Translate) -> str:
    """The set-up fee per worker: in the document's currency, or labelled in the provider's
    with its value in the document's currency, the rate and the rate's date."""
    pricing = config.pricing
    fx = pricing.fx.get(quote.currency)
    if pricing.currency == quote.currency or fx is None:
        return fmt.money(pricing.setup_fee)
    # The engine converts the fee the same way (tco._setup_fee): per worker, rounded once.
    converted = round_money(pricing.setup_fee * fx.rate)
    if fx.period:  # an average over a period, never read as one day's rate
        return _("{amount} ({converted} at {rate}, {period})", amount=fmt.money_in(pricing.setup_fee, pricing.currency), converted=fmt.money(converted), rate=fmt.number(fx.rate, 4), period=_(fx.period))
    return _(
        "{amount} ({converted} at {rate} on {date})",
        amount=fmt.money_in(pricing.setup_fee, pricing.currency),
        converted=fmt.money(converted),
        rate=fmt.number(fx.rate, 4),
        date=fmt.date(fx.date),
    )


# -- reading aids ------------------------------------------------------------------------


def time_bound(role: RoleQuote) -> bool:
    """One-off or time-bound work: not a yearly cost, so kept out of the annual figures."""
    return role.work == "task" or role.duration_months is not None


def reading(quote: Quote, _: Translate, _n: Callable[..., str]) -> Record:
    """Aids for the reader: labels, the ongoing/time-bound split, shared reasons, the years."""
    bound = [time_bound(role) for role in quote.roles]
    labels = tuple(_nobreak(_time_label(role, _, _n)) if b else None for role, b in zip(quote.roles, bound))
    shared, own = _shared_reasons(quote)
    return Record(
        {
            "time_label": labels,
            "split": _split(quote, bound) if any(bound) else None,
            # The saving range of the headline's figure: the ongoing work's when one-off or
            # time-bound work is set beside it; None when it does not vary.
            "range": _range(quote, bound),
            "shared_reasons": shared,
            "reasons": own,
            "years_why": _years_why(quote, bound, _),
            "capped": _capped(quote),
            "first_year": _first_year(quote),
            "ours": _ours(quote, bound, _),
            "measured": _measured(quote, bound),
            "numbers": tuple(_(word) for word in NUMBER_WORDS),
            "hundred": Decimal(100),  # workers' compensation is priced per $100 of payroll
            # The languages a role needs, when more than the document's own: named by the formatter.
            "languages": tuple(_languages(role, quote.locale) for role in quote.roles),
            # The runners-up's amounts in whole units: prose gives estimates without cents, tables keep them.
            "alternatives_whole": tuple(
                tuple(None if alt.annual is None else round_whole(alt.annual) for alt in role.recommendation.alternatives) for role in quote.roles
            ),
        },
        "reading aids",
    )


# A count under ten is spelled out in prose (reading.numbers[count]); 10 and more stay figures.
NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def _measured(quote: Quote, bound: list[bool]) -> Record | None:
    """The part of the headline saving measured against a hire the client would not make for
    the need (each such role says which hire): the headline says it includes it."""
    roles = [role for role, b in zip(quote.roles, bound) if not b and role.recommendation.in_house_basis is not None]
    if not roles:
        return None
    return Record(
        {"titles": tuple(role.title for role in roles), "savings_whole": round_whole(money_sum(role.savings_annual for role in roles))},
        "saving measured against another hire",
    )


def _ours(quote: Quote, bound: list[bool], _: Translate) -> Record:
    """What the client signs for with us: our roles' yearly price, and what it leaves out."""
    ongoing = [role for role, b in zip(quote.roles, bound) if role.supplied_by_us and not b]
    once = [role for role, b in zip(quote.roles, bound) if role.supplied_by_us and b]
    outside = [role for role in quote.roles if not role.supplied_by_us and role.recommendation.model != Model.IN_HOUSE]
    return Record(
        {
            "titles": tuple(role.title for role in ongoing),
            "proposed_whole": round_whole(money_sum(role.proposed.annual for role in ongoing)),
            "once_titles": tuple(role.title for role in once),
            "once_whole": round_whole(money_sum(role.proposed.annual for role in once)),
            "kept": any(role.recommendation.model == Model.IN_HOUSE for role in quote.roles),
            "elsewhere": bool(outside),
            # The firms the client contracts directly, by the names their quotes give, with their
            # work: "a law firm (Paralegal)"; None when one of those roles names no firm.
            "firms": _firms(outside, _) if outside and all(role.recommendation.provider_name for role in outside) else None,
            "firm_count": len({role.recommendation.provider_name for role in outside}),
            # Nothing of ours to accept: the document ends with what the client does next, unsigned.
            "supplied": bool(ongoing or once),
        },
        "what you sign for",
    )


def _languages(role: RoleQuote, locale: str) -> Phrase | None:
    """ "English, Spanish": the role's languages as a phrase (its renderer names each), or None
    when the client file names none (the document's language is assumed), the work needs only
    the document's language, or the title already names them all."""
    names = Locale.parse(locale).languages
    title = role.title.casefold()
    if not role.languages_given or list(role.languages) == [locale.split("_")[0]] or all(names.get(code, code).casefold() in title for code in role.languages):
        return None
    return Phrase.of("{languages}", languages=Languages(tuple(role.languages)))


def _firms(roles: list[RoleQuote], _: Translate) -> str:
    """Each firm once, with the roles it quoted for: "a law firm (Paralegal) and Books LLC (Bookkeeping)"."""
    work: dict[str, list[str]] = {}
    for role in roles:
        work.setdefault(role.recommendation.provider_name, []).append(role.title)
    named = [f"{firm} ({', '.join(titles)})" for firm, titles in work.items()]
    return named[0] if len(named) == 1 else ", ".join(named[:-1]) + " " + _("and") + " " + named[-1]


def _time_label(role: RoleQuote, _: Translate, _n: Callable[..., str]) -> str:
    if role.work == "task":
        return _("one-off task")
    return _n("for {count} month", "for {count} months", role.duration_months)


def _split(quote: Quote, bound: list[bool]) -> Record:
    """The annual figures of ongoing work, and the one-off and time-bound work beside them."""
    parts = {}
    for name, keep in (("ongoing", False), ("bound", True)):
        roles = tuple(role for role, b in zip(quote.roles, bound) if b == keep)
        # The engine's totals of just these roles: the same sums and roundings as the headline's.
        totals = Totals.of(roles)
        parts[name] = Record(
            {
                "titles": tuple(role.title for role in roles),
                "heads": sum(role.headcount for role in roles),
                "in_house": totals.in_house_annual,
                "proposed": totals.proposed_annual,
                "savings": totals.savings_annual,
                "savings_pct": totals.savings_pct,
                "in_house_whole": totals.in_house_whole,
                "proposed_whole": totals.proposed_whole,
                "savings_whole": totals.savings_whole,
                "monthly_whole": totals.savings_monthly_whole,
                "rounded_apart": totals.rounded_apart,
            },
            "figures",
        )
    return Record(parts, "split")


def _range(quote: Quote, bound: list[bool]) -> Sensitivity | None:
    found = quote.sensitivity.ongoing if any(bound) else quote.sensitivity
    return found if found is not None and found.varies else None


def _first_year(quote: Quote) -> Record | None:
    """What year 1 of the cost of ownership holds, whole: the saving after the set-up fees."""
    if not quote.tco.years:
        return None
    return Record(
        {"savings_whole": quote.tco.years[0].cumulative_savings_whole, "one_time_whole": round_whole(quote.tco.one_time)},
        "first year",
    )


def _shared_reasons(quote: Quote) -> tuple[tuple[Record, ...], tuple[tuple, ...]]:
    """Reasons every role of one model gives, said once for the model, and each role's own rest.

    Two or more roles of a model that share a reason word for word would repeat the same
    bullet under each; the reader meets it once, above them.
    """
    by_model: dict[Model, list[RoleQuote]] = {}
    for role in quote.roles:
        by_model.setdefault(role.recommendation.model, []).append(role)
    common: dict[Model, tuple] = {}
    for model, roles in by_model.items():
        if len(roles) < 2:
            continue
        first = roles[0].recommendation.reasons
        common[model] = tuple(r for r in first if all(r in other.recommendation.reasons for other in roles[1:]))
    shared = tuple(
        Record({"model": model, "count": len(by_model[model]), "reasons": reasons}, "shared reasons") for model, reasons in common.items() if reasons
    )
    own = tuple(
        tuple(r for r in role.recommendation.reasons if r not in common.get(role.recommendation.model, ())) for role in quote.roles
    )
    return shared, own


def _years_why(quote: Quote, bound: list[bool], _: Translate) -> str | None:
    """Why both sides cost less from year 2, when one-off or time-bound work is the cause."""
    years = quote.tco.years
    if len(years) < 2:
        return None
    titles = [role.title for role, b in zip(quote.roles, bound) if b]
    if titles and years[1].in_house < years[0].in_house:
        return _("Both sides cost less from year 2 because the one-off and time-bound work ({roles}) is done in the first year.", roles=", ".join(titles))
    return None


def _capped(quote: Quote) -> bool:
    """Whether a salary of the quote passes a contribution's annual wage base, so the in-house
    cost grows more slowly than salaries (said beside the growth rates, without naming which)."""
    return quote.cost_basis != "salary_only" and any(
        ref.kind == "contribution" and ref.upper is not None and any(role.salary > ref.upper for role in quote.roles)
        for ref in quote.references
    )


def frozen_conditions(quote: Quote) -> FrozenMap:
    """For templates that word something by content: {"leasing": True, ...}."""
    found = conditions(quote)
    return FrozenMap({name: name in found for name in ("always", "leasing", "managed_service", "project", "eor", "third_party", "converted")})

