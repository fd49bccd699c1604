"""The resource policy for rendered HTML: a document carries what it shows.

The PDF renderer's fetcher refuses anything outside the theme, but the HTML is opened by a
browser, which loads whatever the markup names. So before a document is returned it is
scanned, and refused whole, if it would make a reader's browser (or WeasyPrint) load
anything other than a `data:` URL or an in-page `#anchor`: `src`, `href`, `srcset`,
`poster`, `data`, `xlink:href`, `action` and their kin, `url()` and `@import` in style
attributes and `<style>` blocks, and the CSS and SVG inside `data:` URLs. Hyperlinks that
a reader clicks (`<a href>` to a named web address or `mailto:`) are not loads and stay.
Scripts, frames, plug-ins, `<base>`, refresh and event handlers are refused as well: they
could fetch at will. The print HTML may also name files inside the theme (fonts, logo),
which the fetcher then serves.
"""

from __future__ import annotations

import base64
import html
import ipaddress
import re
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from urllib.parse import unquote_to_bytes, urlsplit

import tinycss2

# Attributes whose value is a URL the browser or the PDF renderer loads.
RESOURCE_ATTRIBUTES = frozenset(
    {"src", "href", "xlink:href", "poster", "data", "action", "formaction", "background", "manifest", "ping", "longdesc", "codebase", "archive", "icon", "lowsrc", "dynsrc"}
)
SRCSET_ATTRIBUTES = frozenset({"srcset", "imagesrcset"})
# Attributes read as CSS: `style`, and the SVG presentation attributes that take url().
CSS_ATTRIBUTES = frozenset({"style", "fill", "stroke", "filter", "clip-path", "mask", "marker-start", "marker-mid", "marker-end", "cursor"})
# Elements that run code or embed other documents: nothing a proposal needs.
ACTIVE_ELEMENTS = frozenset({"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal"})
LINK_ELEMENTS = frozenset({"a", "area"})
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
# data: URLs whose content is itself read as CSS or markup, and so scanned in turn.
NESTED_CSS = frozenset({"text/css"})
NESTED_MARKUP = frozenset({"text/html", "image/svg+xml", "application/xhtml+xml", "text/xml", "application/xml"})
MAX_DEPTH = 4
MAX_LISTED = 5
# Fonts and bitmaps embedded as data: URLs hold nothing to scan; shrinking them first keeps
# the CSS scan of a page with four embedded fonts fast. The payload may hold no quote or
# backslash, so the match cannot run past the end of its own url().
_BINARY_DATA_URL = re.compile(r"""url\(\s*(["'])data:(?:font/[\w.+-]+|image/(?:png|jpeg|gif|webp)|application/(?:font-woff|x-font-ttf|octet-stream))[;,][^"'\\]*\1\s*\)""", re.I)

FileCheck = Callable[[str], bool]


def refused_references(document: str, allow_file: FileCheck | None = None) -> list[str]:
    """What `document` would load or run that the policy refuses, each described once.

    `allow_file(url)` says whether a non-data URL names a file inside the theme (print
    HTML for the PDF only); without it no file may be named.
    """
    scanner = _Scanner(allow_file, depth=0)
    scanner.scan(document)
    return list(dict.fromkeys(scanner.refused))


def refusal_message(refused: list[str]) -> str:
    listed = ", ".join(refused[:MAX_LISTED])
    if len(refused) > MAX_LISTED:
        listed += f" and {len(refused) - MAX_LISTED} more"
    return f"the document refers to resources outside the theme and workspace: {listed}"


class _Scanner(HTMLParser):
    def __init__(self, allow_file: FileCheck | None, depth: int):
        super().__init__(convert_charrefs=True)
        self.allow_file = allow_file
        self.depth = depth
        self.refused: list[str] = []
        self._style: list[str] | None = None
        self._style_line = 0

    def scan(self, markup: str) -> None:
        self.feed(markup)
        self.close()
        if self._style is not None:  # an unclosed <style> still styles the page
            self._check_style("".join(self._style), self._style_line)

    # -- elements -------------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._element(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._element(tag, attrs)

    def _element(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        name = tag.rsplit(":", 1)[-1]
        if name in ACTIVE_ELEMENTS:
            self.refused.append(f"<{tag}> (line {line} of the HTML: scripts, frames and plug-ins are not allowed)")
        if name == "style":
            self._style, self._style_line = [], line
        rel = " ".join(value or "" for attr, value in attrs if attr == "rel").lower().split()
        for attr, value in attrs:
            if value is None:
                continue
            if attr.startswith("on") or attr == "srcdoc" or (attr == "http-equiv" and value.strip().lower() == "refresh"):
                self.refused.append(f"<{tag} {attr}> (line {line} of the HTML: scripts and refreshes are not allowed)")
            elif attr in ("href", "xlink:href") and name in LINK_ELEMENTS and "attachment" not in rel:
                if not _allowed_link(value):
                    self._refuse(tag, attr, value, line)
            elif attr in SRCSET_ATTRIBUTES:
                for url in _srcset_urls(value):
                    self._resource(tag, attr, url, line)
            elif attr in RESOURCE_ATTRIBUTES:
                self._resource(tag, attr, value, line)
            elif attr in CSS_ATTRIBUTES:
                self._check_css(value, f"<{tag} {attr}>", line, inline=True)

    def handle_endtag(self, tag: str) -> None:
        if tag.rsplit(":", 1)[-1] == "style" and self._style is not None:
            text, self._style = "".join(self._style), None
            self._check_style(text, self._style_line)

    def handle_data(self, data: str) -> None:
        if self._style is not None:
            self._style.append(data)

    # Comments, declarations and processing instructions end differently in browsers
    # (`<!-->` closes a comment at once): read what they hide as markup too.
    def handle_comment(self, data: str) -> None:
        self._nested_markup(data)

    def handle_decl(self, decl: str) -> None:
        self._nested_markup(decl)

    def handle_pi(self, data: str) -> None:
        self._nested_markup(data)

    def unknown_decl(self, data: str) -> None:
        self._nested_markup(data)

    # -- checks ---------------------------------------------------------------------------

    def _check_style(self, css: str, line: int) -> None:
        self._check_css(css, "<style>", line, inline=False)
        # Inside inline SVG a <style> is markup to a browser (and decodes entities); look
        # at it both ways.
        self._nested_markup(css)
        decoded = html.unescape(css)
        if decoded != css:
            self._check_css(decoded, "<style>", line, inline=False)

    def _check_css(self, css: str, where: str, line: int, *, inline: bool) -> None:
        for url in css_urls(css, inline=inline):
            self._resource(where[1:-1], "url", url, line, shown=f"{where} url({_printable(url, 80)})")

    def _resource(self, tag: str, attr: str, url: str, line: int, shown: str | None = None) -> None:
        clean = _clean(url)
        if clean == "" or clean.startswith("#"):
            return
        if _scheme(clean) == "data":
            self._nested_data(clean)
            return
        if self.allow_file is not None and self.allow_file(clean):
            return
        self.refused.append(f"{shown or _shown(tag, attr, url)} (line {line} of the HTML)")

    def _refuse(self, tag: str, attr: str, url: str, line: int) -> None:
        self.refused.append(f"{_shown(tag, attr, url)} (line {line} of the HTML)")

    def _nested_markup(self, markup: str) -> None:
        if "<" not in markup or self.depth >= MAX_DEPTH:
            return
        inner = _Scanner(self.allow_file, self.depth + 1)
        inner.scan(markup)
        self.refused.extend(inner.refused)

    def _nested_data(self, url: str) -> None:
        mime, content = _data_content(url)
        if mime not in NESTED_CSS and mime not in NESTED_MARKUP:
            return
        if content is None:
            self.refused.append(f"a data: URL of type {mime} that cannot be decoded")
            return
        if self.depth >= MAX_DEPTH:
            self.refused.append(f"data: URLs nested more than {MAX_DEPTH} deep")
            return
        inner = _Scanner(None, self.depth + 1)  # inside a data: URL no theme file is reachable
        if mime in NESTED_CSS:
            inner._check_css(content, "<data:text/css>", 1, inline=False)
        else:
            inner.scan(content)
        self.refused.extend(f"{item} in a data: URL" for item in inner.refused)


def css_urls(css: str, *, inline: bool = False) -> Iterator[str]:
    """Every URL a stylesheet (or a style attribute) names: url(), src(), @import, image-set."""
    css = _BINARY_DATA_URL.sub(r"url(\1data:\1)", css)
    if inline:
        nodes = tinycss2.parse_component_value_list(css, skip_comments=True)
    else:
        nodes = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    yield from _walk(nodes)


def _walk(nodes) -> Iterator[str]:
    stack = list(reversed(list(nodes or ())))
    while stack:
        node = stack.pop()
        kind = getattr(node, "type", None)
        if kind == "url":
            yield node.value
        elif kind == "function":
            if node.lower_name in ("url", "src"):
                yield from (arg.value for arg in node.arguments if arg.type == "string")
            elif node.lower_name in ("image-set", "-webkit-image-set", "image", "cross-fade"):
                yield from (arg.value for arg in node.arguments if arg.type == "string")
            stack.extend(reversed(node.arguments))
        elif kind == "at-rule":
            if node.lower_at_keyword == "import":
                yield from (arg.value for arg in node.prelude if arg.type == "string")
            stack.extend(reversed([*node.prelude, *(node.content or ())]))
        elif kind == "qualified-rule":
            stack.extend(reversed([*node.prelude, *node.content]))
        elif kind == "declaration":
            stack.extend(reversed(node.value))
        elif kind in ("() block", "[] block", "{} block"):
            stack.extend(reversed(node.content))


def _clean(url: str) -> str:
    # What a browser does first: trim spaces and controls, drop tabs and newlines inside.
    return re.sub(r"[\t\n\r]", "", url.strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f "))


def _scheme(url: str) -> str:
    match = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", url)
    return match.group(1).lower() if match else ""


def _allowed_link(url: str) -> bool:
    """A hyperlink a reader may click: an anchor, mail, or a web page named by its host."""
    clean = _clean(url)
    if clean.startswith("#"):
        return True
    scheme = _scheme(clean)
    if scheme not in LINK_SCHEMES:
        return False
    if scheme == "mailto":
        return True
    try:
        host = (urlsplit(clean).hostname or "").rstrip(".")
    except ValueError:
        return False
    # Sources are public web pages: a bare address, a local name or a numeric host is not one.
    labels = host.split(".")
    if len(labels) < 2 or not re.fullmatch(r"[a-z](?:[a-z0-9-]*[a-z0-9])?", labels[-1]) or labels[-1] == "localhost":
        return False
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return True
    return False


def _srcset_urls(value: str) -> Iterator[str]:
    """The URLs of a srcset: candidates are `url [descriptor]`, separated by commas."""
    position, length = 0, len(value)
    while position < length:
        while position < length and (value[position].isspace() or value[position] == ","):
            position += 1
        start = position
        while position < length and not value[position].isspace():
            position += 1
        url = value[start:position]
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            depth = 0  # skip the descriptors up to the next comma outside parentheses
            while position < length and (value[position] != "," or depth):
                depth += {"(": 1, ")": -1}.get(value[position], 0)
                position += 1
        if url:
            yield url


def _data_content(url: str) -> tuple[str, str | None]:
    """The media type of a data: URL, and its content as text when it decodes."""
    header, comma, payload = url[5:].partition(",")
    params = [p.strip().lower() for p in header.split(";")]
    mime = params[0] or "text/plain"
    if not comma:
        return mime, None
    try:
        if "base64" in params[1:]:
            text = re.sub(r"[^A-Za-z0-9+/]", "", unquote_to_bytes(payload).decode("ascii"))
            data = base64.b64decode(text + "=" * (-len(text) % 4))
        else:
            data = unquote_to_bytes(payload)
    except (ValueError, UnicodeDecodeError):
        return mime, None
    return mime, data.decode("utf-8", errors="replace")


def _shown(tag: str, attr: str, value: str) -> str:
    return f'<{tag} {attr}="{_printable(value, 80)}">'


def _printable(text: str, limit: int) -> str:
    text = text if len(text) <= limit else text[: limit - 3] + "..."
    return re.sub(r"[\x00-\x1f\x7f]", lambda m: f"\\x{ord(m.group()):02x}", text)
