"""Display formats for money, numbers, rates, dates and names in the client's locale (Babel)."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import NumberPattern, format_currency, format_decimal, format_percent, get_currency_name

from quotegen.engine.phrases import Phrase, Plain
from quotegen.money import round_money


class Formatter:
    """Locale-bound formatting used by the templates; it formats, it never rounds money."""

    def __init__(self, locale: str, currency: str, translate=None):
        self.locale = locale
        self.currency = currency
        self.translate = translate or (lambda text: text)

    def money(self, value: Decimal) -> str:
        """An amount with cents: $65,123.45 or 65 123,45 $."""
        return format_currency(value, self.currency, locale=self.locale, currency_digits=True)

    def money_whole(self, value: Decimal) -> str:
        """A headline amount already rounded to whole units (money.round_whole), without cents."""
        if value != value.to_integral_value():
            raise ValueError(f"money_whole needs a whole amount, got {value}; round it with money.round_whole first")
        return format_currency(value, self.currency, format=_whole_pattern(self.locale), locale=self.locale, currency_digits=False)

    def money_in(self, value: Decimal, currency: str) -> str:
        """An amount in another currency than the document's, labelled: US$750.00, 750,00 $ US."""
        return format_currency(value, currency, locale=self.locale, currency_digits=True)

    def currency_name(self, code: str) -> str:
        """A currency named in words for prose: Canadian dollars, dollars canadiens (never CAD).

        The English name is looked up in the catalogue first, as Babel's is sometimes formal
        ("dollars des États-Unis" where prose says "dollars américains"); else Babel's."""
        english = get_currency_name(code, count=2, locale="en")
        if self.locale.split("_")[0] == "en":
            return get_currency_name(code, count=2, locale=self.locale)
        translated = self.translate(english)
        return translated if translated != english else get_currency_name(code, count=2, locale=self.locale)

    def number(self, value: Decimal | int, digits: int = 0) -> str:
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(value, format=pattern, locale=self.locale)

    def rate(self, fraction: Decimal, max_digits: int = 3) -> str:
        """A rate given as a fraction: 0.062 -> 6.2%, 0.00098 -> 0.098% (6,2 % in French)."""
        return format_percent(fraction, format=_percent_pattern(self.locale, 0, max_digits), locale=self.locale)

    def basis_rate(self, line) -> str:
        """A cost line's rate as its basis prints it: as precise as the rate used (0.322841%), or
        for an unrounded rate (a blended one) with the fewest decimals whose product with the
        base shown gives the line's amount to the cent."""
        percent_value = line.rate * 100
        exact = -min(0, percent_value.normalize().as_tuple().exponent)
        digits = exact if exact <= MAX_RATE_DIGITS else _reproducing(lambda d: _rounded(percent_value, d) / 100 * round_money(line.base), line.per_head, 3)
        return self.rate(_rounded(percent_value, digits) / 100, max_digits=digits)

    def basis_count(self, line) -> str:
        """A cost line's base count (hours, a share) as its basis prints it: whole when it is,
        else with two decimals, or more if the rate times two decimals misses the amount."""
        base = line.base
        if base == base.to_integral_value():
            return self.number(base)
        digits = _reproducing(lambda d: line.rate * _rounded(base, d), line.per_head, 2)
        return self.number(_rounded(base, digits), digits)

    def count(self, value: Decimal) -> str:
        """A count in a basis (5 of 12 months, 40 of 2,080 hours): whole, or with two decimals."""
        return self.number(value) if value == value.to_integral_value() else self.number(value, 2)

    def pct(self, percent_value: Decimal) -> str:
        """A value already in percent (43.2) -> 43.2% (43,2 % in French)."""
        return format_percent(percent_value / 100, format=_percent_pattern(self.locale, 1, 1), locale=self.locale)

    def date(self, value: dt.date) -> str:
        return format_date(value, format="long", locale=self.locale)

    def short_date(self, value: dt.date) -> str:
        return format_date(value, format="medium", locale=self.locale)

    @staticmethod
    def short_url(url: str, limit: int = 46) -> str:
        """A source's address short enough for a table cell; the link keeps it whole."""
        text = url.split("://", 1)[-1].removeprefix("www.").rstrip("/")
        if len(text) <= limit:
            return text
        host, _, path = text.partition("/")
        last = path.rsplit("/", 1)[-1]
        room = limit - len(host) - 3
        if room < 8:
            return text[: limit - 1] + "…"
        return f"{host}/…/{last[: room - 1]}…" if len(last) > room else f"{host}/…/{last}"

    def country(self, code: str) -> str:
        """A country's name in this locale from its ISO code: PL -> Poland, Pologne."""
        return _locale(self.locale).territories.get(code, code)

    def language(self, code: str) -> str:
        """A language's name in this locale from its ISO code: fr -> French, français."""
        return _locale(self.locale).languages.get(code, code)

    def phrase(self, phrase: Phrase) -> str:
        """A sentence with values (phrases.Phrase) in this locale. It starts with a capital even
        when its first word is a value given in lower case ("a law firm has already quoted")."""
        text = phrase.render(self)
        return text[:1].upper() + text[1:]


# A rate the data gives with up to this many decimals of a percent prints whole (0.322841%).
MAX_RATE_DIGITS = 6


def _rounded(value: Decimal, digits: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def _reproducing(product, amount: Decimal, least: int, most: int = 9) -> int:
    """The fewest decimals, from `least`, at which `product(decimals)` rounds to `amount`:
    what a reader with a calculator needs to get the amount from the figures shown."""
    for digits in range(least, most + 1):
        if round_money(product(digits)) == amount:
            return digits
    return most


def english(country: str, currency: str) -> Formatter:
    """English formats of the client's country (en_CA, en_US), for the terminal commands."""
    try:
        locale = str(Locale.parse(f"en_{country}"))
    except (UnknownLocaleError, ValueError):
        locale = "en_US"
    return Formatter(locale, currency)


def plain(currency: str) -> Plain:
    """Plain English with machine-friendly values (2400000.00 CAD, 2024-12-31) for the JSON."""
    names = _locale("en")
    return Plain(currency, countries=names.territories, languages=names.languages)


@cache
def _locale(locale: str) -> Locale:
    return Locale.parse(locale)


@cache
def _whole_pattern(locale: str) -> NumberPattern:
    """The locale's own currency pattern without decimals: ¤#,##0 in en_CA, #,##0 ¤ in fr_CA."""
    pattern = copy.copy(_locale(locale).currency_formats["standard"])
    pattern.frac_prec = (0, 0)
    return pattern


@cache
def _percent_pattern(locale: str, least: int, most: int) -> NumberPattern:
    """The locale's own percent pattern with these decimals: French keeps its no-break space before %."""
    pattern = copy.copy(_locale(locale).percent_formats[None])
    pattern.frac_prec = (least, most)
    return pattern
