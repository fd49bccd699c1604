"""Render: a quote through the Jinja theme into HTML, and that HTML into PDF.

The theme is a directory of templates, CSS, fonts and images. A workspace `templates/`
directory is searched first, so one file can be overridden without copying the theme.
Templates run in an allow-list sandbox (sandbox.py) with autoescape on and StrictUndefined:
they format the frozen quote and frozen views of the configuration, they never compute, and
they are loaded only from regular files inside the theme (themeloader.py). A document that
refers to anything it does not carry is refused whole (htmlpolicy.py). Fonts come from the
theme only, never from the host (fonts.py). WeasyPrint is imported only when a PDF is made.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import html
import logging
import os
import re
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import yaml
from jinja2 import StrictUndefined, TemplateError, TemplateNotFound, TemplateSyntaxError
from jinja2.exceptions import SecurityError
from markupsafe import Markup

from quotegen import __version__
from quotegen.render.charts import PHONE, Measure, savings_chart, tco_chart
from quotegen.render.content import frozen_conditions, provider_texts, reading
from quotegen.input.provider import ProviderConfig
from quotegen.errors import RenderError
from quotegen.render.fonts import FALLBACK_FONT_FILES, code_points, isolated_font_config, uncovered, web_subset
from quotegen.render.formatting import Formatter
from quotegen.render.html_policy import refusal_message, refused_references
from quotegen.render.translations import PLURAL_RULES, Catalogue, load_catalogue
from quotegen.engine.phrases import Phrase
from quotegen.engine.quote import Quote
from quotegen.data.models import registered
from quotegen.data.tables import builtin_theme_dir, theme_dirs
from quotegen.render.sandbox import FrozenMap, Helper, Record, Sandbox, fill, freeze, simple_fields, template_formatter
from quotegen.render.theme_loader import ThemeLoader

TEMPLATE = "proposal.html.j2"
STYLESHEET = "document.css"  # the whole stylesheet: inline in the page, parsed once per worker for the PDF
# Tagged PDF/A-3 (level A: structure, headings, table header cells, alternative text,
# language), which still allows the attached client file and quote.
PDF_VARIANT = "pdf/a-3a"
# The theme's fallback font (its files: fonts.FALLBACK_FONT_FILES).
FALLBACK_FONT_FAMILY = "Quotegen Fallback"
FALLBACK_FONT_WEIGHTS = (400, 700)
# The only fonts WeasyPrint sees besides the document's @font-face fonts (built-in theme).
FONTCONFIG_FILE = "fonts/fallback/fonts.conf"
# A proposal of the 200-role maximum is a few MB; anything far larger is a runaway template.
MAX_HTML_CHARS = 50_000_000
FONT_FACES = (("Regular", 400, "normal"), ("Italic", 400, "italic"), ("SemiBold", 600, "normal"), ("Bold", 700, "normal"))
MIME = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".woff": "font/woff"}


@dataclass(frozen=True)
class Theme:
    """Where templates and assets are looked up: the workspace first, then the package."""

    dirs: tuple[Path, ...]
    workspace: Path | None

    @classmethod
    def for_workspace(cls, workspace: Path | None) -> Theme:
        return cls(theme_dirs(workspace), workspace.resolve() if workspace else None)

    @property
    def searched(self) -> tuple[Path, ...]:
        """Where theme files are looked for: the theme, then the workspace (for the logo)."""
        return self.dirs + ((self.workspace,) if self.workspace else ())

    def find(self, relative: str) -> Path | None:
        """A theme file by relative path; the workspace itself is searched for the logo."""
        for base in self.searched:
            candidate = (base / relative).resolve()
            if candidate.is_file() and candidate.is_relative_to(base):
                return candidate
        return None


class Renderer:
    """Renders quotes for one provider configuration; reuse it across a batch.

    The Jinja environment, the fonts and the parsed assets are loaded once per renderer,
    which is what makes batch builds fast.
    """

    def __init__(self, config: ProviderConfig, workspace: Path | None = None):
        self.config = config
        self.theme = Theme.for_workspace(workspace if workspace is not None else config.workspace)
        self.env = Sandbox(
            loader=ThemeLoader(self.theme.dirs),
            autoescape=True,  # every template, whatever its name (select_autoescape skips *.j2)
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters["css_string"] = css_string
        self._font_config = None
        self._catalogues: dict[str, Catalogue] = {}
        self._stylesheets: dict[str, Any] = {}  # weasyprint.CSS by stylesheet text
        self._measure: Measure | None = None
        self._logo = self._asset(config.provider.logo) if config.provider.logo else None
        # Templates get frozen plain views of the configuration, never the pydantic models
        # (whose parse_raw and parse_file would load pickles and read files).
        self._brand = freeze(config.provider)
        self._pricing = freeze(config.pricing)
        self._centres = freeze(config.delivery_centres)
        # Place names of more than one word ("San José") never break across lines when printed.
        self._places = tuple(sorted({c.city.strip() for c in config.delivery_centres.values() if " " in c.city.strip()}, key=len, reverse=True))
        # `render --draft`: every page carries a DRAFT stamp (placeholder text is then allowed).
        self.draft = False

    # -- HTML ---------------------------------------------------------------------------

    def html(self, quote: Quote, *, medium: str = "screen", brief: bool = False, template: str = TEMPLATE, extra: dict[str, Any] | None = None) -> str:
        """The proposal as HTML: `screen` is a standalone page, `print` feeds the PDF.

        `brief` leaves out the per-role breakdown, the cost over time, the models and the
        sources: a short form of a few pages to open a conversation. The document is
        refused whole if it refers to anything it does not carry (htmlpolicy). `template` and
        `extra` (more names for it) make another document of the quote: the internal copy.
        """
        context = {**self.context(quote, medium, brief=brief), **(extra or {})}
        text = self._render(context, template)
        if medium == "screen":
            # The page embeds the fallback font only when it has characters the brand's web
            # font lacks, and then only their glyphs: most proposals carry no extra bytes.
            faces = self._fallback_web_faces(text)
            if faces:
                text = self._render({**context, "fonts": context["fonts"] + faces}, template)
        text = keep_places_whole(keep_hyphenated(text, joiner=medium == "print"), self._places)
        refused = refused_references(text, self._file_check() if medium == "print" else None)
        if refused:
            raise RenderError(refusal_message(refused))
        return text

    def context(self, quote: Quote, medium: str = "screen", *, brief: bool = False) -> dict[str, Any]:
        """Every name a template receives: frozen data, helpers, and the quote's value types."""
        catalogue = self.catalogue(quote.locale)
        fmt = Formatter(quote.locale, quote.currency, catalogue.translate)
        gettext, ngettext = Helper(_gettext(catalogue), "_"), Helper(_ngettext(catalogue), "_n")
        chart_font = f"{self.config.provider.font}, {FALLBACK_FONT_FAMILY}"
        colours, measure = self.config.provider.colors, self._chart_measure()
        narrow = medium == "screen"  # the phone layout of each chart, shown by screen.css below 640 px
        return {
            "_": gettext,
            "_n": ngettext,
            "quote": quote,
            "brand": self._brand,
            "pricing": self._pricing,
            "centres": self._centres,
            "fmt": template_formatter(fmt, Phrase),
            "medium": medium,
            # The model registry, in reading order: names, badges and texts in English (templates translate).
            "models": self._models(),
            "fonts": tuple(Record(face, "font face") for face in self._fonts(medium)),
            "fallback_font": FALLBACK_FONT_FAMILY,
            "logo": self._logo_url(medium),
            "chart": Markup(savings_chart(quote, fmt, colours, chart_font, measure=measure)),
            "tco_chart": Markup(tco_chart(quote, fmt, colours, chart_font, measure=measure)),
            "chart_narrow": Markup(savings_chart(quote, fmt, colours, chart_font, style=PHONE, measure=measure) if narrow else ""),
            "tco_chart_narrow": Markup(tco_chart(quote, fmt, colours, chart_font, style=PHONE, measure=measure) if narrow else ""),
            "generator": f"quotegen {__version__}",
            "lang": quote.locale.split("_")[0],
            "brief": brief,
            # The provider's texts in the document's language and the terms that apply to this
            # proposal (content.py); reading aids drawn from the quote; the draft stamp.
            "texts": provider_texts(self.config, quote, fmt, gettext),
            "reading": reading(quote, gettext, ngettext),
            "contains": frozen_conditions(quote),
            "draft": self.draft,
        }

    @staticmethod
    def _models() -> FrozenMap:
        return FrozenMap({m.value: Record({"key": m.value, "label": m.label, "badge": m.badge.value, "one": m.one, "many": m.many, "what": m.what, "when": m.when}, "model") for m in registered()})

    def _chart_measure(self) -> Measure:
        """Text widths for chart labels, from the brand's regular print font."""
        if self._measure is None:
            self._measure = Measure(_advances(str(self._brand_faces("print")[0])))
        return self._measure

    def stylesheet_text(self, quote: Quote, medium: str = "print") -> str:
        """The theme's stylesheet for this brand, language and medium (document.css)."""
        return self._render(self.context(quote, medium), STYLESHEET)

    def _stylesheet(self, text: str, fetcher):
        """The parsed stylesheet for the PDF, made once per renderer and reused: parsing it
        and loading its fonts is work every document of a batch would otherwise repeat."""
        import weasyprint

        cached = self._stylesheets.get(text)
        if cached is not None:
            return cached
        refused = refused_references(f"<style>{text}</style>", self._file_check())
        if refused:
            raise RenderError(refusal_message(refused))
        with _collect_warnings() as warnings:
            css = weasyprint.CSS(string=text, base_url=str(self.theme.dirs[0]) + "/", url_fetcher=fetcher, font_config=self._fonts_config())
        if warnings:
            # Not cached: the next document reports the same problem.
            raise RenderError("the renderer reported problems: " + "; ".join(dict.fromkeys(warnings)))
        self._stylesheets[text] = css
        return css

    def catalogue(self, locale: str) -> Catalogue:
        """The translations for a locale's language, loaded once per renderer."""
        lang = locale.split("_")[0]
        if lang not in self._catalogues:
            path = self.theme.find(f"i18n/{lang}.yaml")
            try:
                catalogue = load_catalogue(path, lang)
            except (OSError, UnicodeDecodeError, yaml.YAMLError, AttributeError) as exc:
                raise RenderError(f"{_shown_path(path)}: cannot be read as a translation catalogue ({exc})") from None
            for english, translated in catalogue.messages.items():
                # A translation is a format string run on our values: plain {name} fields only.
                bad = simple_fields(translated)
                if bad:
                    raise RenderError(f"{_shown_path(path)}: the translation of {english!r} uses {bad}; only plain {{name}} fields may be filled in")
            self._catalogues[lang] = catalogue
        return self._catalogues[lang]

    def _render(self, context: dict[str, Any], template: str = TEMPLATE) -> str:
        """Run one of the theme's templates; any failure inside it is a RenderError naming the line."""
        size, chunks = 0, []
        try:
            for chunk in self.env.get_template(template).generate(context):
                size += len(chunk)
                if size > MAX_HTML_CHARS:
                    raise RenderError(f"the template produced more than {MAX_HTML_CHARS // 1_000_000} million characters")
                chunks.append(chunk)
        except TemplateSyntaxError as exc:
            raise RenderError(f"{_shown_path(exc.filename)}:{exc.lineno}: {exc.message}") from None
        except (TemplateError, ArithmeticError, LookupError, TypeError, ValueError, RecursionError) as exc:
            where = _template_location(exc, self.theme.dirs)
            raise RenderError(f"{where}: {_describe_error(exc)}" if where else _describe_error(exc)) from None
        return "".join(chunks)

    def _asset(self, relative: str) -> Path:
        found = self.theme.find(relative)
        if found is None:
            raise RenderError(f"theme file not found: {relative} (looked in {', '.join(map(str, self.theme.searched))})")
        return found

    def _logo_url(self, medium: str) -> str | None:
        if self._logo is None:
            return None
        return _data_uri(self._logo) if medium == "screen" else self._logo.as_uri()

    def _brand_faces(self, medium: str) -> list[Path]:
        stem = self.config.provider.font.replace(" ", "")  # "Open Sans" lives in fonts/OpenSans-Regular.ttf
        paths = []
        for style_name, _, _ in FONT_FACES:
            if medium == "screen":
                wanted = (f"fonts/web/{stem}-{style_name}.woff",)
            else:
                wanted = (f"fonts/{stem}-{style_name}.otf", f"fonts/{stem}-{style_name}.ttf")
            path = next(filter(None, map(self.theme.find, wanted)), None)
            if path is None:
                raise RenderError(f"font file missing from the theme: {' or '.join(wanted)}")
            paths.append(path)
        return paths

    def _fonts(self, medium: str) -> list[dict[str, Any]]:
        family = self.config.provider.font
        faces = []
        for path, (_, weight, style) in zip(self._brand_faces(medium), FONT_FACES):
            url = _data_uri(path) if medium == "screen" else path.as_uri()
            faces.append({"family": family, "weight": weight, "style": style, "url": url})
        if medium == "print":
            # On paper the fallback is always declared; WeasyPrint embeds only glyphs it uses.
            for relative, weight in zip(FALLBACK_FONT_FILES, FALLBACK_FONT_WEIGHTS):
                faces.append({"family": FALLBACK_FONT_FAMILY, "weight": weight, "style": "normal", "url": self._asset(relative).as_uri()})
        return faces

    def _fallback_web_faces(self, text: str) -> tuple[Record, ...]:
        brand = frozenset.intersection(*(code_points(path) for path in self._brand_faces("screen")))
        missing = uncovered(text, brand)
        faces = []
        for relative, weight in zip(FALLBACK_FONT_FILES, FALLBACK_FONT_WEIGHTS):
            path = self._asset(relative)
            drawn = "".join(c for c in missing if ord(c) in code_points(path))
            if drawn:
                url = "data:font/woff;base64," + base64.b64encode(web_subset(path, drawn)).decode("ascii")
                faces.append(Record({"family": FALLBACK_FONT_FAMILY, "weight": weight, "style": "normal", "url": url}, "font face"))
        return tuple(faces)

    def _fetcher(self):
        from quotegen.render.fetcher import SafeFetcher

        # The theme directories, and the configured logo wherever in the workspace it is.
        return SafeFetcher(self.theme.dirs, self.theme.dirs, (self._logo,) if self._logo else ())

    def _file_check(self):
        """Whether a URL in the print HTML names a file the PDF's fetcher would serve."""
        fetcher = self._fetcher()
        base = self.theme.dirs[0].as_uri() + "/"  # what WeasyPrint resolves relative URLs against
        return lambda url: fetcher.allows(urljoin(base, url))

    # -- PDF ----------------------------------------------------------------------------

    def pdf(
        self, quote: Quote, *, client_source: str | None = None, quote_json: str | None = None, brief: bool = False,
        template: str = TEMPLATE, extra: dict[str, Any] | None = None,
    ) -> bytes:
        """The proposal as PDF/A-3a (tagged), with the client file and the quote JSON attached.

        Every date in the file comes from the proposal date, and the file identifier from
        the content, so the same inputs give the same bytes.
        """
        import weasyprint  # heavy: imported only when a PDF is made

        html_text = self.html(quote, medium="print", brief=brief, template=template, extra=extra)
        fetcher = self._fetcher()
        style_text = self.stylesheet_text(quote)
        stylesheet = self._stylesheet(style_text, fetcher)
        stamp = dt.datetime.combine(quote.date, dt.time(12, 0), tzinfo=dt.timezone.utc)
        # WeasyPrint's fontTools fallback stamps fonts with the current time unless this is set.
        os.environ["SOURCE_DATE_EPOCH"] = str(int(stamp.timestamp()))
        embedded = (
            (client_source, "client.yaml", "The client file this proposal was built from", "Source"),
            (quote_json, "quote.json", "Every figure of this proposal, as computed", "Data"),
        )
        attachments = [
            # Dates given explicitly: WeasyPrint would stamp the current time.
            weasyprint.Attachment(
                string=text.encode("utf-8"), name=name, description=description, relationship=relationship,
                created=stamp, modified=stamp, url_fetcher=fetcher,
            )
            for text, name, description, relationship in embedded
            if text is not None
        ]
        # The identifier comes from the content, not from where the theme is installed, so
        # the same proposal has the same bytes from any checkout or virtual environment.
        portable = "".join(map(self._portable, (html_text, style_text)))
        identifier = hashlib.sha256(portable.encode("utf-8") + (quote_json or "").encode("utf-8")).hexdigest()[:32]
        with _collect_warnings() as warnings:
            document = weasyprint.HTML(string=html_text, base_url=str(self.theme.dirs[0]) + "/", url_fetcher=fetcher)
            pdf = document.write_pdf(
                stylesheets=[stylesheet],
                font_config=self._fonts_config(),
                pdf_variant=PDF_VARIANT,
                pdf_identifier=identifier.encode("ascii"),
                attachments=attachments,
                uncompressed_pdf=False,
            )
        if fetcher.refused:
            raise RenderError("the document asked for resources outside the theme and workspace: " + ", ".join(fetcher.refused))
        if warnings:
            # Each problem once: a missing glyph is reported for every place it appears.
            raise RenderError("the renderer reported problems: " + "; ".join(dict.fromkeys(warnings)))
        return pdf

    def _portable(self, text: str) -> str:
        """`text` with the theme directories' URIs replaced by `theme:`."""
        for directory in self.theme.dirs:
            text = text.replace(directory.as_uri(), "theme:")
        return text

    def _fonts_config(self):
        """WeasyPrint's fonts: the document's @font-face fonts and the theme's fallback only."""
        if self._font_config is None:
            self._font_config = isolated_font_config(builtin_theme_dir() / FONTCONFIG_FILE)
        return self._font_config


def css_string(text: object) -> Markup:
    """`text` as a quoted CSS string: quotes, backslashes, controls and markup characters
    escaped, so client or brand text can neither end the string nor the <style> element."""
    out = []
    for char in str(text):
        if char in '"\\<>&\'' or ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\{ord(char):x} ")
        else:
            out.append(char)
    return Markup('"' + "".join(out) + '"')


_HYPHENATED = re.compile(r"(?<![\w-])([^\W\d_]+(?:-[^\W\d_]+)+)(?![\w-])")  # words of letters only: figures stay as they are
_TAG = re.compile(r"(<[^>]*>)")


WORD_JOINER = "\u2060"  # no break on either side, no glyph, no text of its own in the PDF


def _join_hyphens(match: re.Match) -> str:
    return match.group(1).replace("-", "-" + WORD_JOINER)


# Elements whose text base.css letter-spaces (table and cover-fact headings, small labels).
_LETTER_SPACED = re.compile(r'<(th|dt)\b|<[^>]*\bclass="[^"]*\b(eyebrow|headline-label|kpi-label|sign-label)\b')

_KEEP_AS_IS = re.compile(r"(<(svg|style|script|title|textarea)\b.*?</\2\s*>)", re.S | re.I)


def keep_hyphenated(document: str, *, joiner: bool = False) -> str:
    """The document with each hyphenated word of its body text ("in-house", "set-up") kept
    on one line, so no line ends in "in-" and starts "house". On screen the word goes in a
    span that does not wrap (base.css `.nb`). For print (`joiner`) a WORD JOINER follows each
    of its hyphens instead: it has no glyph, so the PDF's text reads "in-house" as before,
    and plain text lays out faster than an inline box per word (about 6% of a render).
    Tags, attributes, styles, charts and titles are left as they are."""
    start = document.find("<body")
    if start < 0:
        return document
    start = document.index(">", start) + 1
    head, marker, body = document[:start], "", document[start:]
    keep = _join_hyphens if joiner else r'<span class="nb">\1</span>'
    pieces = _KEEP_AS_IS.split(body)
    out = []
    for index, piece in enumerate(pieces):
        kind = index % 3  # split() returns text, the whole kept element, its tag name
        if kind == 2:
            continue
        if kind == 1:
            out.append(piece)
            continue
        parts = _TAG.split(piece)
        for at in range(0, len(parts), 2):  # even parts are text, odd ones tags
            # Letter-spaced labels space the joiner like a letter, which reads as "IN- HOUSE".
            spaced = joiner and at > 0 and _LETTER_SPACED.match(parts[at - 1])
            parts[at] = _HYPHENATED.sub(r'<span class="nb">\1</span>' if spaced else keep, parts[at])
        out.append("".join(parts))
    return head + marker + "".join(out)


def keep_places_whole(document: str, places: tuple[str, ...]) -> str:
    """The document with a no-break space inside each place name of its body ("San José"), in
    every language and wherever the name comes from (a centre, a reason, the footer)."""
    start = document.find("<body")
    if start < 0 or not places:
        return document
    head, body = document[:start], document[start:]
    for place in places:
        for form in dict.fromkeys((place, html.escape(place))):
            body = body.replace(form, form.replace(" ", "\u00a0"))
    return head + body


@functools.lru_cache(maxsize=8)
def _advances(path: str) -> dict[int, float]:
    """A font's advance width per code point, in em."""
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        per_em = font["head"].unitsPerEm
        metrics = font["hmtx"].metrics
        return {code: metrics[name][0] / per_em for code, name in font.getBestCmap().items() if name in metrics}


def _gettext(catalogue: Catalogue):
    def gettext(text: str, **values: object) -> str:
        """`_("Cost over {years} years", years=3)`: translate, then fill in the values."""
        if not isinstance(text, str):
            raise SecurityError(f"_() translates text, not a {type(text).__name__}")
        return fill(catalogue.translate(text), values) if values else catalogue.translate(text)

    return gettext


def _ngettext(catalogue: Catalogue):
    plural_rule = PLURAL_RULES.get(catalogue.lang, PLURAL_RULES["en"])

    def ngettext(singular: str, plural: str, count: int, **values: object) -> str:
        """The singular or plural text for `count`, with {count} filled in."""
        return fill(catalogue.translate(plural if plural_rule(count) else singular), {"count": count, **values})

    return ngettext


def _template_location(exc: BaseException, dirs: tuple[Path, ...]) -> str | None:
    """`templates/proposal.html.j2:12`: the innermost template line the error came from."""
    roots = [Path(os.path.realpath(d)) for d in dirs] + list(dirs)
    found = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if any(Path(frame.filename).is_relative_to(root) for root in roots):
            found = frame  # Jinja rewrites template frames to the template's file and line
    if found is None:  # the main template itself could not be loaded
        return None
    return f"{_shown_path(found.filename)}:{found.lineno}"


def _describe_error(exc: BaseException) -> str:
    if isinstance(exc, TemplateNotFound):
        return f"template {exc.name!r} not found in the theme"
    if isinstance(exc, TemplateError):
        return exc.message or type(exc).__name__
    return f"{exc} ({type(exc).__name__})"


def _shown_path(path: str | Path | None) -> str:
    """A path as the user would type it: relative to the working directory when inside it."""
    if path is None:
        return "the theme"
    try:
        return str(Path(path).relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _data_uri(path: Path) -> str:
    mime = MIME.get(path.suffix.lower(), "application/octet-stream")
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


class _WarningCollector(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class _collect_warnings:
    """Capture WeasyPrint's warnings: a missing font or a CSS typo is a bug, not noise."""

    def __enter__(self) -> list[str]:
        self.logger = logging.getLogger("weasyprint")
        self.handler = _WarningCollector()
        self.logger.addHandler(self.handler)
        self.propagate = self.logger.propagate
        self.logger.propagate = False
        return self.handler.messages

    def __exit__(self, *exc) -> None:
        self.logger.removeHandler(self.handler)
        self.logger.propagate = self.propagate
