"""`quotegen render`: client files into proposals, each file's formats all or none."""

from __future__ import annotations

from pathlib import Path

import click

from quotegen.cli import _ledger, _options, _report


@click.command("render")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@_options.output("Directory for the proposals.")
@_options.formats
@_options.brief
@click.option("--draft", is_flag=True, help="Stamp DRAFT on every page; placeholder text from `quotegen new` is then allowed.")
@_ledger.internal
@_options.config
@_report.command(interrupted="render interrupted (SIGINT); only the files listed above were written")
def command(files: tuple[Path, ...], out_dir: Path, formats: tuple[str, ...], brief: bool, draft: bool, config_path: Path | None, internal: bool = False) -> None:
    """Render each client FILE into OUT_DIR as <name>.pdf, <name>.html and <name>.json.

    Names are made safe (accents dropped, other scripts hashed); two FILES that would write
    the same names are refused and nothing is written. Each FILE's formats appear together
    or not at all. A FILE that still has placeholder text from `quotegen new` is refused
    unless --draft.
    """
    from quotegen.errors import shown_path

    _refuse_clashes(files)
    config = _options.load_config(config_path)
    renderer = _options.open_renderer(config)
    renderer.draft = draft
    failed = 0
    for path in files:
        try:
            rendered, written = _render_one(path, config, renderer, formats, out_dir, brief=brief, draft=draft, internal=internal)
        except Exception as exc:  # this file failed (a bug too): say why, go on with the batch
            _report.file_failed(exc, str(path))
            failed += 1
        else:
            _report.warnings(path, rendered.quote)
            click.echo(f"{path} -> " + ", ".join(map(shown_path, written)))
    if failed:
        _report.fail(f"{failed} of {len(files)} file(s) failed; nothing was written for them.")


def _render_one(path: Path, config, renderer, formats, out_dir: Path, *, brief: bool, draft: bool, internal: bool):
    """One FILE rendered and written; one that still holds `quotegen new`'s placeholders is
    refused unless it is a draft (the renderer then stamps DRAFT on every page)."""
    from quotegen import api
    from quotegen.errors import QuotegenError
    from quotegen.input.scaffold import placeholders

    problems = [] if draft else placeholders(api.load_client(path, config).document)
    if problems:
        raise QuotegenError(problems)
    rendered = api.render_file(path, config, renderer, formats, brief=brief, internal=internal)
    return rendered, api.write_rendered(rendered, out_dir)


def _refuse_clashes(files: tuple[Path, ...]) -> None:
    """Two FILES that would write the same outputs: name them all and write nothing."""
    from quotegen import api

    clashes = api.output_name_clashes(files)
    if clashes:
        _report.fail("\n".join(map(str, clashes)) + f"\n{len(clashes)} of {len(files)} file(s) would overwrite another's outputs; nothing was written.")
