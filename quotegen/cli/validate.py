"""`quotegen validate`: every problem of each client file, nothing rendered."""

from __future__ import annotations

from pathlib import Path

import click

from quotegen.cli import _options, _report


@click.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@_options.config
@_report.command()
def command(files: tuple[Path, ...], config_path: Path | None) -> None:
    """Check client FILES and print every problem; renders nothing."""
    from quotegen import api

    config = _options.load_config(config_path)
    failed = 0
    for path in files:
        try:
            loaded = api.load_client(path, config)
            quote = api.build_quote(loaded.client_file, config)
            _check_document(loaded, quote, config)
            # What the client file leaves the quote to assume, with the field that would settle it.
            _report.warnings(path, quote)
        except Exception as exc:
            _report.file_failed(exc, str(path))
            failed += 1
        else:
            click.echo(f"{path}: ok")
    if failed:
        _report.fail()


def _check_document(loaded, quote, config) -> None:
    """What the document needs besides valid input: the provider's texts in its language
    (no English stands in); placeholders from `quotegen new` are warned of (render, build and issue refuse them)."""
    from quotegen.input.scaffold import placeholders

    config.check_language(quote.locale.split("_")[0], f"{loaded.path} (locale {quote.locale})")
    for problem in placeholders(loaded.document):
        _report.input_warning(problem)
