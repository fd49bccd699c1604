"""The command line as a thin shell: one short module per command, one place for errors and
exit codes, output formats from one registry, and one render path for render and build."""

from __future__ import annotations

import ast
import inspect
import shutil
import subprocess
import sys

import click
import pytest

import quotegen.api as api
import quotegen.cli as cli
from quotegen.cli import main
from quotegen.errors import QuotegenError
from quotegen.render import formats as registry

from . import test_cli
from .conftest import CLIENTS, ROOT


workspace = test_cli.workspace  # the case study and one bad file in the working directory
run = test_cli.run


def interrupt(*args, **kwargs):
    raise KeyboardInterrupt


def boom(*args, **kwargs):
    raise RuntimeError("boom")


# -- Ctrl-C and the unexpected: one behaviour for every command --------------------------


def test_ctrl_c_in_render_exits_130_and_says_what_was_written(workspace, monkeypatch):
    shutil.copy(workspace / "good.yaml", workspace / "second.yaml")
    real = api.render_file
    calls = []

    def second_is_interrupted(path, *args, **kwargs):
        calls.append(path)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(path, *args, **kwargs)

    monkeypatch.setattr(api, "render_file", second_is_interrupted)
    result = run("render", "good.yaml", "second.yaml", "-f", "json")
    assert (result.exit_code, result.stdout, result.stderr) == (
        130,
        "good.yaml -> output/good.json\n",
        "render interrupted (SIGINT); only the files listed above were written\n",
    )
    assert sorted(p.name for p in (workspace / "output").iterdir()) == ["good.json"]


def test_ctrl_c_in_validate_exits_130(workspace, monkeypatch):
    monkeypatch.setattr(api, "load_client", interrupt)
    result = run("validate", "good.yaml")
    assert (result.exit_code, result.stdout, result.stderr) == (130, "", "validate interrupted (SIGINT)\n")


@pytest.mark.parametrize(
    ("args", "target", "message"),
    [
        (("price", "good.yaml"), (api, "quote_file"), "price interrupted (SIGINT)\n"),
        (("explain", "good.yaml"), (api, "quote_file"), "explain interrupted (SIGINT)\n"),
        (("verify", "x.pdf"), ("quotegen.output.verify.verify_pdf", None), "verify interrupted (SIGINT)\n"),
        (("build", "good.yaml"), ("quotegen.output.build.discover", None), "build interrupted (SIGINT) before it started; nothing was written\n"),
        (("new", "Acme"), ("quotegen.input.scaffold.new_client", None), "new interrupted (SIGINT)\n"),
        (("schema",), ("quotegen.input.json_schemas.client_schema", None), "schema interrupted (SIGINT)\n"),
    ],
)
def test_ctrl_c_exits_130_in_every_command(workspace, monkeypatch, args, target, message):
    if target[1] is None:
        monkeypatch.setattr(target[0], interrupt)
    else:
        monkeypatch.setattr(*target, interrupt)
    result = run(*args)
    assert (result.exit_code, result.stderr) == (130, message)


def test_a_bug_in_render_is_an_internal_error_for_that_file_only(workspace, monkeypatch):
    monkeypatch.setattr(api, "render_file", boom)
    result = run("render", "good.yaml", "-f", "json")
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        "good.yaml: internal error (RuntimeError: boom); please report it\n1 of 1 file(s) failed; nothing was written for them.\n",
    )


def test_a_bug_outside_any_file_is_an_internal_error_not_a_traceback(workspace, monkeypatch):
    monkeypatch.setattr(api, "quote_file", boom)
    result = run("price", "good.yaml")
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", "quotegen: internal error (RuntimeError: boom); please report it\n")


def test_build_reports_a_bug_like_render(workspace, monkeypatch):
    """build_one takes the same render path and words its failures the same way."""
    monkeypatch.setattr(api, "render_file", boom)
    result = run("build", "good.yaml", "-j", "1", "-f", "json")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == ["failed good.yaml", "good.yaml: internal error (RuntimeError: boom); please report it"]
    assert result.stdout.startswith("0 built, 0 unchanged, 1 failed in ")


def test_an_output_directory_that_is_a_file_names_it(workspace):
    result = run("render", "good.yaml", "-o", "bad.yaml", "-f", "json")
    assert (result.exit_code, result.stderr) == (
        1,
        "bad.yaml: cannot write: is a file, not a directory\n1 of 1 file(s) failed; nothing was written for them.\n",
    )


def test_exit_codes_are_chosen_only_in_the_report_module():
    sources = {path.name: path.read_text(encoding="utf-8") for path in (ROOT / "quotegen" / "cli").glob("*.py")}
    assert [name for name, text in sorted(sources.items()) if "sys.exit(" in text] == ["_report.py"]


# -- one short module per command ---------------------------------------------------------

MAX_COMMAND_LINES = 20  # the function from `def` to its end, its docstring (the --help text) left out


def test_every_command_has_its_own_module_and_is_short():
    assert {"build", "explain", "init", "new", "price", "render", "schema", "validate", "verify"} <= set(main.commands)
    assert sorted(main.commands) == sorted(module.command.name for module in cli.COMMANDS)
    lengths = {}
    for module in cli.COMMANDS:
        command = main.commands[module.command.name]
        assert command is module.command and module.__name__ == f"quotegen.cli.{command.name}"
        tree = ast.parse(inspect.getsource(module))
        (function,) = [node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name == "command"]
        docstring = function.body[0]
        lengths[command.name] = function.end_lineno - function.lineno + 1 - (docstring.end_lineno - docstring.lineno + 1)
    assert max(lengths.values()) <= MAX_COMMAND_LINES, lengths


@pytest.mark.slow  # a real subprocess
def test_python_dash_m_runs_the_command_line():
    result = subprocess.run([sys.executable, "-m", "quotegen.cli", "--help"], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and "render" in result.stdout and "build" in result.stdout


# -- the format registry ------------------------------------------------------------------


@pytest.mark.parametrize("name", ["render", "build"])
def test_format_choices_come_from_the_registry(name):
    (option,) = [p for p in main.commands[name].params if p.name == "formats"]
    assert isinstance(option.type, click.Choice)
    assert list(option.type.choices) == list(registry.FORMATS) == ["pdf", "html", "json"]


def test_a_registered_format_is_rendered_and_written_under_its_extension(workspace, monkeypatch, config, renderer):
    monkeypatch.setitem(registry.FORMATS, "names", registry.Format("names", "txt", lambda job: job.quote.client.name.encode(), "test"))
    rendered = api.render_file(workspace / "good.yaml", config, renderer, ("names", "json"))
    assert list(rendered.outputs) == ["names", "json"]
    written = api.write_rendered(rendered, workspace / "out")
    assert [p.name for p in written] == ["good.txt", "good.json"]
    assert (workspace / "out" / "good.txt").read_text() == "Bright Smile Family Practice"


def test_an_unknown_format_is_refused_by_name(config, renderer, quote_of):
    with pytest.raises(ValueError, match=r"^unknown format: docx \(known: pdf, html, json\)$"):
        api.render_formats(quote_of((CLIENTS / "bright-smile-family-practice.yaml").read_text()), renderer, ("docx",))


@pytest.mark.slow  # renders a whole PDF
def test_default_formats_are_all_in_registry_order_and_repeats_are_dropped(workspace):
    assert run("render", "good.yaml").stdout == "good.yaml -> output/good.pdf, output/good.html, output/good.json\n"
    assert run("render", "good.yaml", "-f", "json", "-f", "html", "-f", "json").stdout == "good.yaml -> output/good.json, output/good.html\n"


# -- the library takes its workspace as a parameter -----------------------------------------


def test_the_library_never_reads_the_working_directory(workspace):
    """A broken quotegen.yaml in the cwd is the CLI's business, not the library's."""
    (workspace / "quotegen.yaml").write_text("provider: 3\n")
    quote = api.quote_file(workspace / "good.yaml")  # no workspace given: the built-in sample
    assert quote.totals.savings_annual == api.quote_file(CLIENTS / "bright-smile-family-practice.yaml").totals.savings_annual
    with pytest.raises(QuotegenError) as raised:
        api.quote_file(workspace / "good.yaml", workspace=workspace)
    assert str(raised.value) == "quotegen.yaml:1:11: provider: must be a mapping of fields"
    assert run("validate", "good.yaml").stderr == "quotegen.yaml:1:11: provider: must be a mapping of fields\n"
