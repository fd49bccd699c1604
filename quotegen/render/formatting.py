"""Display formats for money, numbers, rates and dates in the client's locale (Babel)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent


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
        pattern = "¤#,##0" if self.locale.startswith("en") else "#,##0\u00a0¤"
        return format_currency(value, self.currency, format=pattern, locale=self.locale, currency_digits=False)

    def number(self, value: Decimal | int, digits: int = 0) -> str:
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(value, format=pattern, locale=self.locale)

    def rate(self, fraction: Decimal, max_digits: int = 3) -> str:
        """A rate given as a fraction: 0.062 -> 6.2%, 0.00098 -> 0.098%."""
        pattern = "#,##0" + ("." + "#" * max_digits if max_digits else "") + "%"
        return format_percent(fraction, format=pattern, locale=self.locale)

    def pct(self, percent_value: Decimal) -> str:
        """A value already in percent (43.2) -> 43.2%."""
        return format_percent(percent_value / 100, format="#,##0.0%", locale=self.locale)

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

    def phrase(self, phrase) -> str:
        """A sentence with values (phrases.Phrase) in this locale."""
        return phrase.render(self)


ENGLISH = Formatter("en_US", "USD")  # plain English for labels and messages outside documents
