"""Hostile workspace templates (issue #10): the sandbox runs nothing and reads nothing, the
loader serves only regular files inside the theme, the HTML loads nothing it does not carry,
and the fonts come from the theme, never from the host."""

from __future__ import annotations

import base64
import io
import os
import re
import shutil
import subprocess
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner
from jinja2.exceptions import SecurityError, UndefinedError
from markupsafe import Markup

from quotegen.cli import main
from quotegen.input.provider import load_config
from quotegen.data.tables import builtin_theme_dir
from quotegen.render.renderer import FALLBACK_FONT_FAMILY, FALLBACK_FONT_FILES, Renderer
from quotegen.render.sandbox import FrozenMap, Helper, Record, is_value_type, value_type_attributes

from .conftest import client_yaml

CLERK = "  - {title: Clerk, family: admin, salary: 50000}\n"
SECRET = "TOP-SECRET-7F3A"  # the content of a file no template may read
TEMPLATE_LINE = "client.yaml: render failed: templates/proposal.html.j2:1: "

# What an attacker writes after a name: NAME is replaced by each name a template receives.
# MARKER is a file the payload would create, SECRET_FILE one it would read.
PAYLOADS = {
    "pickle via parse_raw": "{{ NAME.parse_raw('cos\\nsystem\\n(S\"touch MARKER\"\\ntR.', proto='pickle', allow_pickle=True) }}",
    "file via parse_file": "{{ NAME.parse_file('SECRET_FILE') }}",
    "model_validate_json": "{{ NAME.model_validate_json('{}') }}",
    "__class__": "{{ NAME.__class__ }}",
    "__mro__ subclasses": "{{ NAME.__class__.__mro__[1].__subclasses__() }}",
    "__init__ globals": "{{ NAME.__init__.__globals__['os'].system('touch MARKER') }}",
    "mro": "{{ NAME.mro() }}",
    "__dict__": "{{ NAME.__dict__ }}",
    "__reduce_ex__": "{{ NAME.__reduce_ex__(2) }}",
    "copy": "{{ NAME.copy() }}",
    "attr filter": "{{ NAME|attr('__class__') }}",
    "attr filter globals": "{{ (NAME|attr('__init__'))|attr('__globals__') }}",
    "map attribute": "{{ [NAME]|map(attribute='__class__')|list }}",
    "map attr filter": "{{ [NAME]|map('attr', '__class__')|list }}",
    "selectattr": "{{ [NAME]|selectattr('__class__')|list }}",
    "groupby": "{{ [NAME]|groupby('__class__')|list }}",
    "sum attribute": "{{ [NAME]|sum(attribute='__init__.__globals__') }}",
    "sort attribute": "{{ [NAME, NAME]|sort(attribute='__class__.__name__')|list }}",
    "subscript": "{{ NAME['__class__'] }}",
    "str.format": "{{ '{0.__class__.__init__.__globals__}'.format(NAME) }}",
    "str.format_map": "{{ '{x.__class__}'.format_map({'x': NAME}) }}",
    "gettext fields": "{{ _('{x.__class__.__init__.__globals__}', x=NAME) }}",
}
# The refusals a payload may meet: not on the allow-list, or simply not there.
REFUSAL = re.compile(
    r"templates may not (use|call|pass) .+"
    r"|no '[^']+' here; the keys are .*"
    r"|'[^']+' is undefined"
    r"|'[^']+' has no attribute '[^']+'"
    r"|\{.+\} in '.+': only plain \{name\} fields may be filled in"
)
# Values inside what templates receive, as a template would reach them.
NESTED = [
    "quote.client",
    "quote.client.name",
    "quote.roles[0]",
    "quote.roles[0].in_house",
    "quote.roles[0].in_house.lines[0]",
    "(quote.roles[0].in_house.lines|selectattr('source')|first).source",
    "quote.roles[0].recommendation",
    "quote.roles[0].recommendation.reasons[0]",
    "quote.roles[0].salary",
    "quote.totals",
    "quote.tco.years[0]",
    "quote.sensitivity",
    "quote.references[0].source",
    "quote.date",
    "brand.colors",
    "brand.contact",
    "pricing.fx",
    "centres['HRE']",
    "centres['HRE'].shifts",
    "fonts[0]",
    "fmt.money",
    "models",
    "chart",
    "loop",
]


@cache
def _context_and_renderer():
    from quotegen.api import build_quote, load_client

    config = load_config(None)
    renderer = Renderer(config)
    path = Path(__file__).parent.parent / "clients" / "harborline-logistics.yaml"
    quote = build_quote(load_client(path, config).client_file, config)
    return renderer.context(quote, "screen"), renderer


def template_names() -> list[str]:
    """Every name a template receives: the context, the sandbox's globals, and Jinja's `self`."""
    context, renderer = _context_and_renderer()
    return sorted(context) + sorted(renderer.env.globals) + ["self"]


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    """A workspace directory with its own templates/ and one client file, as the CWD."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "templates").mkdir()
    (tmp_path / "client.yaml").write_text(client_yaml(CLERK), encoding="utf-8")
    (tmp_path / "secret.txt").write_text(SECRET, encoding="utf-8")
    return tmp_path


def render_cli(*args: str):
    return CliRunner().invoke(main, ["render", "client.yaml", "-o", "out", *args])


def assert_refused(result, workspace: Path, first_line: str | None = None) -> str:
    """Exit 1, the exact message, no traceback, nothing written, nothing run, nothing read."""
    assert result.exit_code == 1, result.output
    if first_line is not None:
        assert result.output.splitlines()[0] == first_line
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert not (workspace / "out").exists()
    assert not (workspace / "PWNED").exists()
    assert SECRET not in result.output
    return result.output.splitlines()[0]


def payload(template: str, name: str, workspace: Path) -> str:
    return template.replace("NAME", name).replace("MARKER", str(workspace / "PWNED")).replace("SECRET_FILE", str(workspace / "secret.txt"))


# -- the sandbox through the CLI ---------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("name", template_names())
def test_no_payload_works_through_any_name_a_template_receives(workspace, name):
    for label, template in PAYLOADS.items():
        (workspace / "templates" / "proposal.html.j2").write_text(payload(template, name, workspace))
        message = assert_refused(render_cli(), workspace)
        assert message.startswith(TEMPLATE_LINE), (label, message)
        assert REFUSAL.fullmatch(message.removeprefix(TEMPLATE_LINE)), (label, message)


@pytest.mark.slow
@pytest.mark.parametrize("name", NESTED)
def test_no_payload_works_through_nested_values(workspace, name):
    loop = name == "loop"
    for label, template in PAYLOADS.items():
        text = payload(template, name, workspace)
        if loop:  # `loop` exists inside a for loop only
            text = "{% for role in quote.roles %}" + text + "{% endfor %}"
        (workspace / "templates" / "proposal.html.j2").write_text(text)
        message = assert_refused(render_cli(), workspace)
        assert message.startswith(TEMPLATE_LINE), (label, message)
        assert REFUSAL.fullmatch(message.removeprefix(TEMPLATE_LINE)), (label, message)


BRAND_FIELDS = "name, legal_name, tagline, logo, colors, font, contact, footer, account_contact"


@pytest.mark.parametrize(
    ("template", "message"),
    [
        (PAYLOADS["pickle via parse_raw"].replace("NAME", "brand"), f"templates may not use 'parse_raw' of a Brand; its fields are {BRAND_FIELDS}"),
        (PAYLOADS["file via parse_file"].replace("NAME", "brand"), f"templates may not use 'parse_file' of a Brand; its fields are {BRAND_FIELDS}"),
        ("{{ pricing.parse_raw('x') }}", "templates may not use 'parse_raw' of a Pricing; its fields are sample, source, year, currency, fx, setup_fee, escalation_pct"),
        ("{{ brand.colors.model_validate_json('{}') }}", "templates may not use 'model_validate_json' of a Colours; its fields are primary, accent, muted"),
        ("{{ centres.HRE.parse_file('/etc/passwd') }}", "templates may not use 'parse_file' of a DeliveryCentre; its fields are name, city, country, location, utc_offset, price_factor, languages, shifts"),
        ("{{ quote.__class__.__mro__[1].__subclasses__() }}", "templates may not use '__class__' of a Quote"),
        ("{{ quote.client|attr('__class__') }}", "templates may not use '__class__' of a Party"),
        ("{{ quote.roles|map(attribute='__class__')|list }}", "templates may not use '__class__' of a RoleQuote"),
        ("{{ quote.roles[0].in_house.lines[0].rounded('k', 'l', 1, 1) }}", "templates may not use 'rounded' of a CostLine"),
        ("{{ quote.client.name.format(quote) }}", "templates may not use 'format' of a str"),
        ("{{ fmt.money.__self__ }}", "templates may not use '__self__' of a Helper"),
        ("{{ fmt.translate('x') }}", "templates may not use 'translate' of a formatter; its fields are money, money_whole, money_in, currency_name, number, rate, pct, date, short_date, short_url, basis_rate, basis_count, count, phrase"),
        ("{{ fmt.phrase(self) }}", "templates may not pass a TemplateReference to fmt.phrase"),
        ("{{ fmt.phrase(quote.client) }}", "fmt.phrase takes a phrase, not a Party"),
        ("{{ _('{x.__class__}', x=quote) }}", "{x.__class__} in '{x.__class__}': only plain {name} fields may be filled in"),
        ("{{ _('{n:>999999999}', n=1) }}", "{n:>999999999} in '{n:>999999999}': only plain {name} fields may be filled in"),
        ("{{ centres.parse_raw('x') }}", "no 'parse_raw' here; the keys are HRE, LUN, SJO"),
        ("{{ lipsum() }}", "'lipsum' is undefined"),
        ("{{ range(10 ** 2, 10 ** 2 + 20000)|list|length }}", "range of 20000 items is too large (at most 10000)"),
        ("{{ 'x' * 200000 }}", "a repeated value of more than 100000 items"),
        ("{{ 9 ** 999 }}", "a power above 100"),
        ("{{ '%999999999s' % 'x' }}", "a %-format width above 1000 in '%999999999s'"),
        ("{{ '%999999999s'|format('x') }}", "a %-format width above 1000 in '%999999999s'"),
        ("{{ 'x'|center(999999999) }}", "center(999999999) is too large (at most 1000)"),
        ("{{ 'x'|indent(999999999) }}", "indent(999999999) is too large (at most 1000)"),
        ("{{ quote.roles|batch(999999999, 'x')|list }}", "batch(999999999) is too large (at most 1000)"),
        ("{% set d = {} %}{{ d.update(a=1) }}", "no 'update' here; the mapping is empty"),
        ("{{ (quote.roles|list).append(1) }}", "templates may not use 'append' of a list"),
        ("{{ quote.roles.__len__() }}", "templates may not use '__len__' of a tuple"),
    ],
)
def test_each_refusal_names_the_template_line_and_what_was_refused(workspace, template, message):
    (workspace / "templates" / "proposal.html.j2").write_text(template)
    assert_refused(render_cli(), workspace, TEMPLATE_LINE + message)


def test_a_refusal_in_an_included_template_names_that_template_and_line(workspace):
    (workspace / "templates" / "models.html.j2").write_text("fine\n{{ brand.parse_raw('x') }}\n")
    assert_refused(
        render_cli(), workspace,
        f"client.yaml: render failed: templates/models.html.j2:2: templates may not use 'parse_raw' of a Brand; its fields are {BRAND_FIELDS}",
    )


def test_a_template_syntax_error_names_the_line(workspace):
    (workspace / "templates" / "proposal.html.j2").write_text("<p>\n{% if %}\n")
    assert_refused(render_cli(), workspace, "client.yaml: render failed: templates/proposal.html.j2:2: Expected an expression, got 'end of statement block'")


def test_a_translation_with_lookups_is_refused(workspace):
    (workspace / "templates" / "i18n").mkdir()
    (workspace / "templates" / "i18n" / "fr.yaml").write_text("'Contents': '{x.__class__}'\n")
    (workspace / "client.yaml").write_text(client_yaml(CLERK, country="CA", region="QC", extra_client="  locale: fr_CA\n"))
    assert_refused(
        render_cli(), workspace,
        "client.yaml: render failed: templates/i18n/fr.yaml: the translation of 'Contents' uses {x.__class__}; only plain {name} fields may be filled in",
    )


def test_what_the_built_in_theme_uses_stays_allowed(workspace):
    (workspace / "templates" / "proposal.html.j2").write_text(
        "{{ quote.date.isoformat() }}|{{ quote.client.name.rstrip('.') }}|{{ centres['HRE'].name }}|{{ centres.items()|list|length }}|"
        "{{ fmt.money(quote.totals.savings_annual) }}|{{ _n('{count} role', '{count} roles', quote.roles|length) }}|"
        "{% for role in quote.roles %}{{ loop.index }}{{ loop.cycle('a', 'b') }}{% endfor %}|{% set ns = namespace(n=1) %}{{ ns.n }}|"
        "{{ quote.roles|selectattr('priced_on_request')|list|length }}|{{ dict(a=1).a }}|{{ range(3)|list|length }}|{{ brand.colors.primary }}"
    )
    result = render_cli("-f", "html")
    assert result.exit_code == 0, result.output
    assert (workspace / "out" / "client.html").read_text() == "2026-11-28|Test Co|Harare campus|3|$42,632.00|1 role|1a|1|0|1|3|#12355B"


# -- everything reachable is plain frozen data ---------------------------------------------------


def _reachable(path: str, value, depth: int = 0):
    """Every value a template can reach from `value` by fields, keys and first items."""
    yield path, value
    if depth >= 10:
        return
    if isinstance(value, Record):
        for name in object.__getattribute__(value, "_fields"):
            yield from _reachable(f"{path}.{name}", getattr(value, name), depth + 1)
    elif isinstance(value, FrozenMap):
        for key in list(value)[:3]:
            yield from _reachable(f"{path}[{key!r}]", value[key], depth + 1)
    elif isinstance(value, tuple) and value:
        yield from _reachable(f"{path}[0]", value[0], depth + 1)
        yield from _reachable(f"{path}[-1]", value[-1], depth + 1)
    elif is_value_type(type(value)):
        for name in sorted(value_type_attributes(type(value))):
            yield from _reachable(f"{path}.{name}", getattr(value, name), depth + 1)


@cache
def _reachable_values():
    context, _ = _context_and_renderer()
    return [item for name, value in context.items() for item in _reachable(name, value)]


def test_everything_a_template_can_reach_is_plain_frozen_data():
    context, renderer = _context_and_renderer()
    plain = (str, int, float, Decimal, type(None), tuple, Record, FrozenMap, Helper, Markup)
    reached = _reachable_values()
    assert len(reached) > 300
    for path, value in reached:
        import datetime as dt

        assert isinstance(value, (*plain, dt.date)) or is_value_type(type(value)), (path, type(value))
        # ... and the sandbox lets the template reach it the way the walk did.
        assert renderer.env.from_string("{% set x = " + path + " %}ok").render(context) == "ok", path


def test_no_payload_works_on_any_reachable_value(tmp_path):
    context, renderer = _context_and_renderer()
    compiled = {label: renderer.env.from_string(payload(text, "target", tmp_path)) for label, text in PAYLOADS.items()}
    (tmp_path / "secret.txt").write_text(SECRET)
    for path, value in _reachable_values():
        for label, template in compiled.items():
            with pytest.raises((SecurityError, UndefinedError)):
                template.render({**context, "target": value})
                pytest.fail(f"{label} on {path} rendered")
    assert not (tmp_path / "PWNED").exists()


def test_the_provider_models_never_reach_a_template():
    from pydantic import BaseModel

    context, _ = _context_and_renderer()
    assert not any(isinstance(value, BaseModel) for _, value in _reachable_values())
    assert isinstance(context["brand"], Record) and isinstance(context["centres"], FrozenMap)
    with pytest.raises(AttributeError):
        context["brand"].name = "x"  # frozen


# -- the template loader --------------------------------------------------------------------------


def test_a_symlink_to_a_host_file_is_refused(workspace):
    (workspace / "templates" / "passwd.txt").symlink_to("/etc/passwd")
    (workspace / "templates" / "proposal.html.j2").write_text("{% include 'passwd.txt' %}")
    result = render_cli()
    assert_refused(result, workspace, TEMPLATE_LINE + "template 'passwd.txt' (templates/passwd.txt) leads outside the template directories")
    assert "root:" not in result.output


def test_a_symlink_to_a_workspace_file_outside_templates_is_refused(workspace):
    (workspace / "templates" / "secret.txt").symlink_to(workspace / "secret.txt")
    (workspace / "templates" / "proposal.html.j2").write_text("{% include 'secret.txt' %}")
    assert_refused(render_cli(), workspace, TEMPLATE_LINE + "template 'secret.txt' (templates/secret.txt) leads outside the template directories")


def test_a_symlink_to_a_directory_outside_is_refused(workspace):
    (workspace / "templates" / "etc").symlink_to("/etc")
    (workspace / "templates" / "proposal.html.j2").write_text("{% include 'etc/passwd' %}")
    assert_refused(render_cli(), workspace, TEMPLATE_LINE + "template 'etc/passwd' (templates/etc/passwd) leads outside the template directories")


@pytest.mark.parametrize(
    ("tag", "name", "message"),
    [
        ("include", "../secret.txt", "template name '../secret.txt' must stay inside the template directories (no '..')"),
        ("include", "a/../../secret.txt", "template name 'a/../../secret.txt' must stay inside the template directories (no '..')"),
        ("include", "/etc/passwd", "template name '/etc/passwd' must be relative to the template directories"),
        ("import", "/etc/passwd", "template name '/etc/passwd' must be relative to the template directories"),
        ("extends", "../secret.txt", "template name '../secret.txt' must stay inside the template directories (no '..')"),
        ("include", "..\\\\secret.txt", "template name '..\\\\secret.txt' is not a plain relative path"),
        ("include", "passwd.txt", "template 'passwd.txt' (templates/passwd.txt) leads outside the template directories"),
        ("import", "passwd.txt", "template 'passwd.txt' (templates/passwd.txt) leads outside the template directories"),
        ("extends", "passwd.txt", "template 'passwd.txt' (templates/passwd.txt) leads outside the template directories"),
    ],
)
def test_names_leading_out_are_refused_by_every_tag(workspace, tag, name, message):
    (workspace / "templates" / "passwd.txt").symlink_to("/etc/passwd")
    statement = {"include": "{% include 'NAME' %}", "import": "{% import 'NAME' as m %}", "extends": "{% extends 'NAME' %}"}[tag]
    (workspace / "templates" / "proposal.html.j2").write_text(statement.replace("NAME", name))
    assert_refused(render_cli(), workspace, TEMPLATE_LINE + message)


def test_ignore_missing_does_not_skip_a_refused_file(workspace):
    # The built-in stylesheet includes brand.css with `ignore missing`: a link is still refused.
    (workspace / "templates" / "brand.css").symlink_to("/etc/passwd")
    builtin = builtin_theme_dir() / "document.css"
    line = next(i for i, text in enumerate(builtin.read_text().splitlines(), 1) if '{% include "brand.css" ignore missing %}' in text)
    assert_refused(
        render_cli(), workspace,
        f"client.yaml: render failed: {builtin}:{line}: template 'brand.css' (templates/brand.css) leads outside the template directories",
    )


def test_a_fifo_is_refused_without_blocking(workspace):
    os.mkfifo(workspace / "templates" / "pipe.html.j2")
    (workspace / "templates" / "proposal.html.j2").write_text("{% include 'pipe.html.j2' %}")
    assert_refused(render_cli(), workspace, TEMPLATE_LINE + "template 'pipe.html.j2' (templates/pipe.html.j2) is not a regular file")


def test_a_fifo_as_the_main_template_is_refused(workspace):
    os.mkfifo(workspace / "templates" / "proposal.html.j2")
    assert_refused(render_cli(), workspace, "client.yaml: render failed: template 'proposal.html.j2' (templates/proposal.html.j2) is not a regular file")


def test_a_symlink_inside_the_templates_is_followed(workspace):
    (workspace / "templates" / "real.html.j2").write_text("{{ quote.client.name }}")
    (workspace / "templates" / "proposal.html.j2").symlink_to(workspace / "templates" / "real.html.j2")
    result = render_cli("-f", "html")
    assert result.exit_code == 0, result.output
    assert (workspace / "out" / "client.html").read_text() == "Test Co"


# -- the HTML resource policy ------------------------------------------------------------------------

REFUSED_LINE = "client.yaml: render failed: the document refers to resources outside the theme and workspace: "
PIXEL = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
SVG_WITH_REMOTE_IMAGE = base64.b64encode(b'<svg xmlns="http://www.w3.org/2000/svg"><image href="http://169.254.169.254/x.png"/></svg>').decode()


@pytest.mark.parametrize(
    ("snippet", "refused"),
    [
        ('<img src="http://169.254.169.254/latest/meta-data/">', '<img src="http://169.254.169.254/latest/meta-data/"> (line 1 of the HTML)'),
        ('<a href="http://169.254.169.254/">x</a>', '<a href="http://169.254.169.254/"> (line 1 of the HTML)'),
        ('<a href="http://localhost:8080/">x</a>', '<a href="http://localhost:8080/"> (line 1 of the HTML)'),
        ('<a href="javascript:alert(1)">x</a>', '<a href="javascript:alert(1)"> (line 1 of the HTML)'),
        ('<a href="file:///etc/passwd">x</a>', '<a href="file:///etc/passwd"> (line 1 of the HTML)'),
        ('<a rel="attachment" href="https://example.com/a.pdf">x</a>', '<a href="https://example.com/a.pdf"> (line 1 of the HTML)'),
        ('<link rel="stylesheet" href="https://example.com/x.css">', '<link href="https://example.com/x.css"> (line 1 of the HTML)'),
        ('<img srcset="data:image/png;base64,AAAA 1x, //example.com/b.png 2x">', '<img srcset="//example.com/b.png"> (line 1 of the HTML)'),
        ('<video poster="https://example.com/p.png"></video>', '<video poster="https://example.com/p.png"> (line 1 of the HTML)'),
        ('<form action="https://example.com/f"></form>', '<form action="https://example.com/f"> (line 1 of the HTML)'),
        ('<svg><image xlink:href="file:///etc/passwd"/></svg>', '<image xlink:href="file:///etc/passwd"> (line 1 of the HTML)'),
        ('<div style="background: url(https://example.com/bg.png)">x</div>', "<div style> url(https://example.com/bg.png) (line 1 of the HTML)"),
        ('<div style="background: u\\72l(https://example.com/bg.png)">x</div>', "<div style> url(https://example.com/bg.png) (line 1 of the HTML)"),
        ('<svg><rect fill="url(https://example.com/p.svg#a)"/></svg>', "<rect fill> url(https://example.com/p.svg#a) (line 1 of the HTML)"),
        ("<style>@import 'https://example.com/x.css';</style>", "<style> url(https://example.com/x.css) (line 1 of the HTML)"),
        ('<style>h1 { background: image-set("https://example.com/a.png" 1x); }</style>', "<style> url(https://example.com/a.png) (line 1 of the HTML)"),
        ('<svg><style>&#64;import "https&#58;//example.com/x.css";</style></svg>', "<style> url(https://example.com/x.css) (line 1 of the HTML)"),
        ("<!--><img src=https://example.com/x.png>-->", '<img src="https://example.com/x.png"> (line 1 of the HTML)'),
        ('<link rel="stylesheet" href="data:text/css,@import%20url(https://example.com/x.css);">', "<data:text/css> url(https://example.com/x.css) (line 1 of the HTML) in a data: URL"),
        (f'<img src="data:image/svg+xml;base64,{SVG_WITH_REMOTE_IMAGE}">', '<image href="http://169.254.169.254/x.png"> (line 1 of the HTML) in a data: URL'),
        ("<script>fetch('/x')</script>", "<script> (line 1 of the HTML: scripts, frames and plug-ins are not allowed)"),
        ('<iframe srcdoc="x"></iframe>', "<iframe> (line 1 of the HTML: scripts, frames and plug-ins are not allowed), <iframe srcdoc> (line 1 of the HTML: scripts and refreshes are not allowed)"),
        ('<base href="https://example.com/">', '<base> (line 1 of the HTML: scripts, frames and plug-ins are not allowed), <base href="https://example.com/"> (line 1 of the HTML)'),
        ('<body onload="x()">', "<body onload> (line 1 of the HTML: scripts and refreshes are not allowed)"),
        ('<meta http-equiv="refresh" content="0;url=https://example.com/">', "<meta http-equiv> (line 1 of the HTML: scripts and refreshes are not allowed)"),
    ],
)
@pytest.mark.parametrize("formats", [(), ("-f", "html")], ids=["all formats", "html only"])
def test_a_document_referring_outside_is_refused_whole(workspace, snippet, refused, formats):
    (workspace / "templates" / "proposal.html.j2").write_text(snippet)
    assert_refused(render_cli(*formats), workspace, REFUSED_LINE + refused)


def test_the_html_may_not_name_theme_files_but_the_pdf_may(workspace):
    logo = builtin_theme_dir() / "images" / "kestrel-logo.svg"
    (workspace / "templates" / "proposal.html.j2").write_text(f'<html lang="en"><img src="{logo.as_uri()}" alt="logo"><img src="images/kestrel-logo.svg" alt="logo"></html>')
    assert_refused(
        render_cli("-f", "html"), workspace,
        REFUSED_LINE + f'<img src="{logo.as_uri()}"> (line 1 of the HTML), <img src="images/kestrel-logo.svg"> (line 1 of the HTML)',
    )
    result = render_cli("-f", "pdf")
    assert result.exit_code == 0, result.output


def test_the_pdf_may_not_name_workspace_files_outside_the_theme(workspace):
    (workspace / "templates" / "proposal.html.j2").write_text('<img src="../secret.txt"><img src="file:///etc/passwd">')
    assert_refused(
        render_cli("-f", "pdf"), workspace,
        REFUSED_LINE + '<img src="../secret.txt"> (line 1 of the HTML), <img src="file:///etc/passwd"> (line 1 of the HTML)',
    )


def test_links_to_sources_anchors_and_mail_stay(workspace):
    (workspace / "templates" / "proposal.html.j2").write_text(
        '<html lang="en"><p id="terms"><a href="#terms">t</a> <a href="https://www.irs.gov/x">s</a> <a href="http://www.example.gov/a">h</a> <a href="mailto:sales@example.com">m</a>'
        f' <img src="data:image/png;base64,{PIXEL}" alt="dot"> <svg width="2" height="2"><defs><rect id="dot" width="1" height="1"/></defs><use href="#dot"/></svg></p></html>'
    )
    result = render_cli()
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (workspace / "out").iterdir()) == ["client.html", "client.json", "client.pdf"]


def test_the_built_in_theme_passes_the_policy_with_its_source_links(quote_of, renderer):
    from quotegen.render.html_policy import refused_references

    quote = quote_of(client_yaml("  - {title: Clerk, family: admin, salary: 50000}\n  - {title: Dev, family: software, salary: 120000}\n"))
    screen = renderer.html(quote)
    assert '<a class="url" href="https://' in screen
    assert refused_references(screen) == []


# -- fonts: the theme's, never the host's ---------------------------------------------------------

WORLD = "Ωμέγα Кирилл شركة"  # Greek, Cyrillic and Arabic in one client name
SAMPLES = {"Latin": "AZaz", "Greek": "ΑΩαω", "Cyrillic": "АЯая", "Arabic": "ابتيشركة"}


def test_the_fallback_font_ships_in_the_theme_and_covers_four_scripts():
    from fontTools.ttLib import TTFont

    for relative in FALLBACK_FONT_FILES:
        path = builtin_theme_dir() / relative
        cmap = TTFont(path).getBestCmap()
        for script, sample in SAMPLES.items():
            assert all(ord(c) in cmap for c in sample), (relative, script)
    assert "Bitstream Vera" in (builtin_theme_dir() / "fonts" / "DejaVu-LICENSE.txt").read_text()


def _pdffonts(data: bytes, tmp_path: Path) -> list[str]:
    target = tmp_path / "f.pdf"
    target.write_bytes(data)
    rows = subprocess.run(["pdffonts", str(target)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    for row in rows:
        assert row.split()[-5] == "yes", row  # embedded
    return [row.split()[0].split("+", 1)[-1] for row in rows]


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils is installed by `make test`")
def test_a_greek_cyrillic_arabic_name_embeds_only_theme_fonts(quote_of, renderer, tmp_path):
    quote = quote_of(client_yaml(CLERK).replace("name: Test Co", f"name: {WORLD}"))
    pdf = renderer.pdf(quote)
    names = _pdffonts(pdf, tmp_path)
    assert "Quotegen-Fallback" in names  # the Arabic letters
    assert set(names) <= {"Inter", "Inter-Bold", "Inter-Semi-Bold", "Inter-Italic", "Quotegen-Fallback", "Quotegen-Fallback-Bold"}, names
    from pypdf import PdfReader

    first_page = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Ωμέγα" in first_page and "Кирилл" in first_page
    assert renderer.pdf(quote) == pdf  # same bytes again


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils is installed by `make test`")
def test_fonts_installed_on_the_host_are_invisible(tmp_path, quote_of):
    # The host has DejaVu Serif and Mono (fonts-dejavu-core): asked for by name, they must not appear.
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "brand.css").write_text('h1 { font-family: "DejaVu Serif", serif; } .soft { font-family: "DejaVu Sans Mono", monospace; }')
    renderer = Renderer(load_config(None), workspace=tmp_path)
    names = _pdffonts(renderer.pdf(quote_of(client_yaml(CLERK))), tmp_path)
    assert not [name for name in names if "Serif" in name or "Mono" in name], names


def test_the_html_embeds_the_fallback_only_for_characters_the_brand_font_lacks(quote_of, renderer):
    from fontTools.ttLib import TTFont

    latin = renderer.html(quote_of(client_yaml(CLERK)))
    assert latin.count("data:font/woff;base64,") == 4
    assert f'font-family: "{FALLBACK_FONT_FAMILY}"; font-weight' not in latin

    world = renderer.html(quote_of(client_yaml(CLERK).replace("name: Test Co", f"name: {WORLD}")))
    faces = re.findall(r'@font-face \{ font-family: "Quotegen Fallback"; font-weight: (\d+); [^}]*url\("data:font/woff;base64,([^"]+)"\)', world)
    assert [weight for weight, _ in faces] == ["400", "700"]
    for _, data in faces:
        woff = base64.b64decode(data)
        assert len(woff) < 40_000  # a subset, not the 700 KB font
        cmap = TTFont(io.BytesIO(woff)).getBestCmap()
        assert all(ord(c) in cmap for c in WORLD.replace(" ", ""))
    assert renderer.html(quote_of(client_yaml(CLERK).replace("name: Test Co", f"name: {WORLD}"))) == world
