"""`quotegen explain`: how the model of each role was chosen."""

from __future__ import annotations

from pathlib import Path

import click

from quotegen.cli import _options, _report


@click.command("explain")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--role", "role_title", help="Explain only the role with this title.")
@_options.config
@_report.command()
def command(file: Path, role_title: str | None, config_path: Path | None) -> None:
    """Show how the model for each role of FILE was chosen: facts, centres, points."""
    from quotegen import api
    from quotegen.render.explain import explain_text

    quote = api.quote_file(file, _options.load_config(config_path))
    _report.warnings(file, quote)
    if role_title is not None and not any(r.title.casefold() == role_title.casefold() for r in quote.roles):
        _report.fail(f"{file}: no role titled {role_title!r} (roles: {', '.join(repr(r.title) for r in quote.roles)})")
    click.echo(explain_text(quote, role_title), nl=False)
