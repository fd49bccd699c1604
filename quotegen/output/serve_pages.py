"""The pages `quotegen serve` draws itself: the index, a file's problems, the reload script."""

from __future__ import annotations

import json
import re
from html import escape

# The page's own script reloads it when the event stream says its client has a newer
# version than the one shown; the first event on connecting ("hello") closes the gap
# between the page being sent and the stream being opened.
RELOAD_SCRIPT = """<script nonce="{nonce}">
(function () {{
  var name = {name}, shown = {version}, events = new EventSource("/events");
  function reload() {{ events.close(); setTimeout(function () {{ location.reload(); }}, name === null ? 300 : 0); }}
  events.addEventListener("hello", function (event) {{
    var versions = JSON.parse(event.data).versions;
    if (JSON.stringify(name === null ? versions : versions[name]) !== JSON.stringify(shown)) reload();
  }});
  events.addEventListener("rendered", function (event) {{
    var data = JSON.parse(event.data);
    if (name === null || (data.client === name && data.version !== shown)) reload();
  }});
}})();
</script>
"""

_STYLE = """<style>
body { font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1d2733; }
h1 { font-size: 1.4rem; }
pre { background: #fff4f2; border-left: 4px solid #c0392b; padding: .8rem 1rem; white-space: pre-wrap; }
table { border-collapse: collapse; width: 100%; }
td, th { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid #dde3ea; vertical-align: top; }
.ok { color: #1e7d32; } .invalid, .failed, .removed { color: #c0392b; } .pending { color: #5b6b7c; }
.note { color: #5b6b7c; }
</style>
"""

STATUS_WORDS = {
    "ok": "ok",
    "invalid": "does not validate",
    "failed": "render failed",
    "pending": "not rendered yet",
    "removed": "removed",
}


def with_reload(page: str, name: str | None, version: int | dict, nonce: str) -> str:
    """`page` with the reload script inserted before its closing </body> tag."""
    script = RELOAD_SCRIPT.format(nonce=nonce, name=json.dumps(name), version=json.dumps(version))
    ends = [m.start() for m in re.finditer(r"</body\s*>", page, flags=re.IGNORECASE)]
    if not ends:
        return page + script
    return page[: ends[-1]] + script + page[ends[-1] :]


def problems_page(label: str, problems: tuple[str, ...], *, heading: str | None = None) -> str:
    """A file's problems, one per line as the command line prints them."""
    count = len(problems)
    heading = heading or f"{label}: {count} problem{'s' if count != 1 else ''}"
    return (
        f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>{escape(heading)}</title>\n{_STYLE}</head>\n<body>\n'
        f"<h1>{escape(heading)}</h1>\n<pre>{escape(chr(10).join(problems))}</pre>\n"
        '<p class="note">Shown instead of the last good render. This page reloads by itself once the file is fixed.</p>\n'
        '<p><a href="/">All proposals</a></p>\n</body></html>\n'
    )


def removed_page(label: str) -> str:
    heading = f"{label} was removed or renamed"
    return (
        f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>{escape(heading)}</title>\n{_STYLE}</head>\n<body>\n'
        f"<h1>{escape(heading)}</h1>\n<p class=\"note\">This page reloads by itself if it comes back.</p>\n"
        '<p><a href="/">All proposals</a></p>\n</body></html>\n'
    )


def index_page(rows: list[dict], setup_problems: tuple[str, ...], left_out: tuple[str, ...], watched: str) -> str:
    """Every client found, linking to its preview and PDF, with its last render status."""
    lines = [
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>quotegen serve</title>\n',
        _STYLE,
        "</head>\n<body>\n<h1>Proposals</h1>\n",
        f'<p class="note">From {escape(watched)}; each page redraws itself when its file, the configuration, the theme or the data change.</p>\n',
    ]
    if setup_problems:
        lines.append(f"<pre>{escape(chr(10).join(setup_problems))}</pre>\n")
    if rows:
        lines.append("<table>\n<tr><th>Proposal</th><th>File</th><th>Status</th><th></th></tr>\n")
        for row in rows:
            stem, status = row["stem"], row["status"]
            detail = "".join(f"<br><small>{escape(text)}</small>" for text in row["notes"])
            lines.append(
                f'<tr><td><a href="/{escape(stem)}.html">{escape(stem)}</a></td><td>{escape(row["file"])}</td>'
                f'<td class="{status}">{escape(STATUS_WORDS[status])}{detail}</td>'
                f'<td><a href="/{escape(stem)}.pdf">PDF</a></td></tr>\n'
            )
        lines.append("</table>\n")
    else:
        lines.append("<p>No client files found yet; new ones appear here when they are saved.</p>\n")
    if left_out:
        lines.append("<h2>Left out</h2>\n<pre>" + escape("\n".join(left_out)) + "</pre>\n")
    lines.append("</body></html>\n")
    return "".join(lines)
