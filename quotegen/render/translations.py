"""The document's fixed text in the client's language: English text is the key, and a
theme's i18n/<lang>.yaml maps it to a translation (missing entries stay in English)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import yaml

# Which form of a counted phrase a language uses for n (French uses the singular for 0 and 1).
PLURAL_RULES: dict[str, Callable[[int], bool]] = {"en": lambda n: n != 1, "fr": lambda n: n > 1}


class Catalogue:
    """Translations for one language; records the texts it could not translate."""

    def __init__(self, lang: str, messages: dict[str, str] | None = None):
        self.lang = lang
        self.messages = messages or {}
        self.missing: set[str] = set()

    def translate(self, text: str) -> str:
        if self.lang == "en" or not text:
            return text
        found = self.messages.get(text)
        if found is None:
            self.missing.add(text)
            return text
        return found

    def gettext(self, text: str, **values: object) -> str:
        """`_("Cost over {years} years", years=3)`: translate, then fill in the values."""
        translated = self.translate(text)
        return translated.format(**values) if values else translated

    def ngettext(self, singular: str, plural: str, count: int, **values: object) -> str:
        """The singular or plural text for `count`, with {count} filled in."""
        use_plural = PLURAL_RULES.get(self.lang, PLURAL_RULES["en"])(count)
        return self.gettext(plural if use_plural else singular, count=count, **values)


def load_catalogue(path: Path | None, lang: str) -> Catalogue:
    """The catalogue at `path` (a YAML mapping of English to translated text)."""
    if lang == "en" or path is None:
        return Catalogue(lang)
    # libyaml's loader when present: the pure-Python one takes a tenth of a second on a catalogue.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    messages = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}
    return Catalogue(lang, {str(k): str(v) for k, v in messages.items()})
