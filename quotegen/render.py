"""Render: a quote through the Jinja theme into HTML, and that HTML into PDF.

The theme is a directory of templates, CSS, fonts and images. A workspace `templates/`
directory is searched first, so one file can be overridden without copying the theme.
Templates run in Jinja's sandbox with autoescape on and StrictUndefined: they format the
frozen quote, they never compute. WeasyPrint is imported only when a PDF is made.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from . import __version__
from .charts import savings_chart, tco_chart
from .config import ProviderConfig
from .errors import RenderError
from .formatting import Formatter
from .i18n import Catalogue, load_catalogue
from .quote import Quote
from .recommend import MODEL_LABELS
from .reference import theme_dirs

TEMPLATE = "proposal.html.j2"
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
        self.env = ImmutableSandboxedEnvironment(
            loader=FileSystemLoader([str(d) for d in self.theme.dirs]),
            autoescape=True,  # every template, whatever its name (select_autoescape skips *.j2)
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self._font_config = None
        self._catalogues: dict[str, Catalogue] = {}
        self._logo = self._asset(config.provider.logo) if config.provider.logo else None

    # -- HTML ---------------------------------------------------------------------------

    def html(self, quote: Quote, *, medium: str = "screen", brief: bool = False) -> str:
        """The proposal as HTML: `screen` is a standalone page, `print` feeds the PDF.

        `brief` leaves out the per-role breakdown, the cost over time, the models and the
        sources: a short form of a few pages to open a conversation.
        """
        template = self.env.get_template(TEMPLATE)
        return template.render({**self._context(quote, medium), "brief": brief})

    def catalogue(self, locale: str) -> Catalogue:
        """The translations for a locale's language, loaded once per renderer."""
        lang = locale.split("_")[0]
        if lang not in self._catalogues:
            self._catalogues[lang] = load_catalogue(self.theme.find(f"i18n/{lang}.yaml"), lang)
        return self._catalogues[lang]

    def _context(self, quote: Quote, medium: str) -> dict[str, Any]:
        catalogue = self.catalogue(quote.locale)
        fmt = Formatter(quote.locale, quote.currency, catalogue.translate)
        return {
            "_": catalogue.gettext,
            "_n": catalogue.ngettext,
            "quote": quote,
            "brand": self.config.provider,
            "pricing": self.config.pricing,
            "centres": self.config.delivery_centres,
            "fmt": fmt,
            "medium": medium,
            "models": {key: catalogue.translate(label) for key, label in MODEL_LABELS.items()},
            "fonts": self._fonts(medium),
            "logo": self._logo_url(medium),
            "chart": Markup(savings_chart(quote, fmt, self.config.provider.colors, self.config.provider.font)),
            "tco_chart": Markup(tco_chart(quote, fmt, self.config.provider.colors, self.config.provider.font)),
            "generator": f"quotegen {__version__}",
            "lang": quote.locale.split("_")[0],
        }

    def _asset(self, relative: str) -> Path:
        found = self.theme.find(relative)
        if found is None:
            raise RenderError(f"theme file not found: {relative} (looked in {', '.join(map(str, self.theme.searched))})")
        return found

    def _logo_url(self, medium: str) -> str | None:
        if self._logo is None:
            return None
        return _data_uri(self._logo) if medium == "screen" else self._logo.as_uri()

    def _fonts(self, medium: str) -> list[dict[str, Any]]:
        family = self.config.provider.font
        stem = family.replace(" ", "")  # "Open Sans" lives in fonts/OpenSans-Regular.ttf
        faces = []
        for style_name, weight, style in FONT_FACES:
            if medium == "screen":
                wanted = (f"fonts/web/{stem}-{style_name}.woff",)
            else:
                wanted = (f"fonts/{stem}-{style_name}.otf", f"fonts/{stem}-{style_name}.ttf")
            path = next(filter(None, map(self.theme.find, wanted)), None)
            if path is None:
                raise RenderError(f"font file missing from the theme: {' or '.join(wanted)}")
            url = _data_uri(path) if medium == "screen" else path.as_uri()
            faces.append({"family": family, "weight": weight, "style": style, "url": url})
        return faces

    # -- PDF ----------------------------------------------------------------------------

    def pdf(self, quote: Quote, *, client_source: str | None = None, quote_json: str | None = None, brief: bool = False) -> bytes:
        """The proposal as PDF/A-3b, with the client file and the quote JSON attached.

        Every date in the file comes from the proposal date, and the file identifier from
        the content, so the same inputs give the same bytes.
        """
        import weasyprint  # heavy: imported only when a PDF is made

        from .fetcher import SafeFetcher

        html_text = self.html(quote, medium="print", brief=brief)
        # The theme directories, and the configured logo wherever in the workspace it is.
        fetcher = SafeFetcher(self.theme.dirs, self.theme.dirs, (self._logo,) if self._logo else ())
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
        portable = html_text
        for directory in self.theme.dirs:
            portable = portable.replace(directory.as_uri(), "theme:")
        identifier = hashlib.sha256(portable.encode("utf-8") + (quote_json or "").encode("utf-8")).hexdigest()[:32]
        with _collect_warnings() as warnings:
            document = weasyprint.HTML(string=html_text, base_url=str(self.theme.dirs[0]) + "/", url_fetcher=fetcher)
            pdf = document.write_pdf(
                font_config=self._fonts_config(),
                pdf_variant="pdf/a-3b",
                pdf_identifier=identifier.encode("ascii"),
                attachments=attachments,
                uncompressed_pdf=False,
            )
        if fetcher.refused:
            raise RenderError("the document asked for resources outside the theme and workspace: " + ", ".join(fetcher.refused))
        if warnings:
            raise RenderError("the renderer reported problems: " + "; ".join(warnings))
        return pdf

    def _fonts_config(self):
        if self._font_config is None:
            from weasyprint.text.fonts import FontConfiguration

            self._font_config = FontConfiguration()
        return self._font_config


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
