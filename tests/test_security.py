"""Hostile input: nothing in a client file, configuration or workspace template makes the
renderer fetch from the network or read outside the theme and the workspace."""

from __future__ import annotations

import http.server
import threading

import pytest
from click.testing import CliRunner

from quotegen.cli import main
from quotegen.input.provider import load_config
from quotegen.errors import QuotegenError, RenderError
from quotegen.render.renderer import Renderer
from quotegen.output.write import output_stem

from .conftest import client_yaml

pytestmark = pytest.mark.slow  # renders PDFs with hostile input: `make test-fast` leaves it out

CLERK = "  - {title: Clerk, family: admin, salary: 50000}\n"


@pytest.fixture
def listener():
    """A local HTTP server that records every request: nothing may ever reach it."""
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", hits
    server.shutdown()


HOSTILE_SNIPPETS = {
    "img file": '<img src="file:///etc/passwd">',
    "img loopback": '<img src="{base}/img.png">',
    "img metadata": '<img src="http://169.254.169.254/latest/meta-data/">',
    "svg image": '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><image xlink:href="file:///etc/passwd" width="10" height="10"/></svg>',
    "css url": '<div style="background: url(file:///etc/hostname)">x</div>',
    "css loopback": '<div style="background-image: url({base}/bg.png)">x</div>',
    "attachment": '<link rel="attachment" href="file:///etc/passwd">',
    "stylesheet": '<link rel="stylesheet" href="{base}/x.css">',
}


@pytest.mark.parametrize("snippet", HOSTILE_SNIPPETS.values(), ids=HOSTILE_SNIPPETS.keys())
def test_client_text_is_escaped_so_it_loads_nothing(quote_of, renderer, listener, snippet):
    base, hits = listener
    hostile = snippet.format(base=base).replace("'", "&#39;")
    text = client_yaml(CLERK).replace("name: Test Co", "name: '" + snippet.format(base=base).replace("'", "''") + "'")
    quote = quote_of(text)
    html = renderer.html(quote, medium="print")
    assert hostile not in html  # it arrives as text, never as markup
    renderer.pdf(quote)  # renders, as text
    assert hits == []


@pytest.mark.parametrize("snippet", HOSTILE_SNIPPETS.values(), ids=HOSTILE_SNIPPETS.keys())
def test_a_workspace_template_cannot_load_outside_the_theme(tmp_path, quote_of, listener, snippet):
    base, hits = listener
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "models.html.j2").write_text(snippet.format(base=base))
    renderer = Renderer(load_config(None), workspace=tmp_path)
    with pytest.raises(RenderError, match="outside the theme and workspace"):
        renderer.pdf(quote_of(client_yaml(CLERK)))
    assert hits == []


def test_a_stylesheet_override_cannot_load_outside_the_theme(tmp_path, quote_of, listener):
    base, hits = listener
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "brand.css").write_text(f"body {{ background: url({base}/css.png); }} h1 {{ background: url(file:///etc/hostname); }}")
    renderer = Renderer(load_config(None), workspace=tmp_path)
    with pytest.raises(RenderError, match="outside the theme and workspace"):
        renderer.pdf(quote_of(client_yaml(CLERK)))
    assert hits == []


def test_files_inside_the_workspace_may_be_used(tmp_path, quote_of):
    (tmp_path / "templates" / "images").mkdir(parents=True)
    (tmp_path / "templates" / "images" / "dot.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>')
    (tmp_path / "templates" / "brand.css").write_text("h1 { background: url(images/dot.svg); }")
    Renderer(load_config(None), workspace=tmp_path).pdf(quote_of(client_yaml(CLERK)))


def test_a_workspace_template_runs_in_the_sandbox(tmp_path, quote_of):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "models.html.j2").write_text("{{ quote.__class__.__mro__[1].__subclasses__() }}")
    renderer = Renderer(load_config(None), workspace=tmp_path)
    with pytest.raises(RenderError) as caught:
        renderer.html(quote_of(client_yaml(CLERK)))
    assert str(caught.value) == f"{tmp_path / 'templates' / 'models.html.j2'}:1: templates may not use '__class__' of a Quote"


@pytest.mark.parametrize(
    ("logo", "message"),
    [
        ("/etc/passwd", "must be a relative path inside the workspace or theme, like images/logo.svg, not '/etc/passwd'"),
        ("../../etc/passwd", "must be a relative path inside the workspace or theme, like images/logo.svg, not '../../etc/passwd'"),
        ("http://169.254.169.254/logo.png", "must be a relative path inside the workspace or theme, like images/logo.svg, not 'http://169.254.169.254/logo.png'"),
        ("file:///etc/hostname", "must be a relative path inside the workspace or theme, like images/logo.svg, not 'file:///etc/hostname'"),
    ],
)
def test_a_configured_logo_must_stay_inside(tmp_path, monkeypatch, logo, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "quotegen.yaml").write_text(
        f"provider:\n  name: Evil\n  legal_name: Evil Inc.\n  logo: '{logo}'\n  colors: {{primary: '#000000', accent: '#111111'}}\n"
    )
    with pytest.raises(QuotegenError) as caught:
        load_config(tmp_path)
    assert [e.message for e in caught.value.errors] == [message]


def test_a_configured_colour_cannot_inject_css(tmp_path):
    (tmp_path / "quotegen.yaml").write_text(
        "provider:\n  name: Evil\n  legal_name: Evil Inc.\n  colors: {primary: 'red; background: url(file:///etc/passwd)', accent: '#111111'}\n"
    )
    with pytest.raises(QuotegenError, match="must be a colour written as #RRGGBB"):
        load_config(tmp_path)


@pytest.mark.parametrize(
    ("given", "stem"),
    [("../../etc/passwd.yaml", "passwd"), ("/tmp/x/../../acme.yaml", "acme"), ("we ird;name$.yaml", "we-ird-name"), ("...yaml", "u-5ec1f7e7")],
)
def test_output_names_cannot_escape_the_output_directory(given, stem):
    from pathlib import Path

    assert output_stem(Path(given)) == stem


def test_render_writes_only_inside_the_output_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "..evil.yaml").write_text(client_yaml(CLERK))
    result = CliRunner().invoke(main, ["render", "sub/..evil.yaml", "-o", "out", "-f", "json"])
    assert result.exit_code == 0
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["evil.json"]


def test_a_template_cannot_read_other_workspace_files(tmp_path, quote_of):
    (tmp_path / "templates").mkdir()
    (tmp_path / "secret.txt").write_text("secret")
    (tmp_path / "templates" / "models.html.j2").write_text('<link rel="attachment" href="../secret.txt">')
    renderer = Renderer(load_config(None), workspace=tmp_path)
    with pytest.raises(RenderError, match="secret.txt"):
        renderer.pdf(quote_of(client_yaml(CLERK)))


def test_a_logo_at_the_workspace_root_is_allowed(tmp_path, monkeypatch, quote_of):
    (tmp_path / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4"/></svg>')
    (tmp_path / "quotegen.yaml").write_text("provider:\n  name: A\n  legal_name: A Inc.\n  logo: logo.svg\n  colors: {primary: '#000000', accent: '#111111'}\n")
    Renderer(load_config(tmp_path), workspace=tmp_path).pdf(quote_of(client_yaml(CLERK)))
