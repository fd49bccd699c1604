"""`quotegen issue`: render client files like `render`, then record each as issued in the ledger."""

from __future__ import annotations

from pathlib import Path

import click

from quotegen.cli import _ledger, _options, _report


@click.command("issue")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@_options.output("Directory for the proposals.")
@_ledger.ledger
@_ledger.internal
@_options.config
@_report.command(interrupted="issue interrupted (SIGINT); only the files listed above were issued")
def command(files: tuple[Path, ...], out_dir: Path, ledger_dir: Path | None, internal: bool, config_path: Path | None) -> None:
    """Render each client FILE like `render` and record it as issued in the ledger.

    The PDF is archived as <ledger>/<QUOTE-NUMBER>.pdf and a line appended to
    <ledger>/ledger.jsonl. A quote number already issued with the same content is left as it
    is; with different content it is refused (raise proposal.revision) and nothing is written.
    A FILE that still has placeholder text from `quotegen new` is refused: an issued quote is
    never a draft.
    """
    from quotegen import api
    from quotegen.cli.render import _refuse_clashes

    _refuse_clashes(files)
    config = _options.load_config(config_path)
    renderer = _options.open_renderer(config)
    directory, today = _ledger.directory(ledger_dir, config_path), _ledger.today()
    failed = 0
    for path in files:
        try:
            issued = api.issue_file(path, config, renderer, out_dir, directory, today, internal=internal)
        except Exception as exc:  # this file failed (a bug too): say why, go on with the batch
            _report.file_failed(exc, str(path))
            failed += 1
        else:
            _said(path, issued)
    if failed:
        _report.fail(f"{failed} of {len(files)} file(s) failed; nothing was written or issued for them.")


def _said(path: Path, issued) -> None:
    """What became of one file: issued (with what it wrote, and any approval it went out under), or already issued."""
    from quotegen.errors import shown_path

    quote, entry = issued.rendered.quote, issued.entry
    _report.warnings(path, quote)
    if issued.already:
        click.echo(f"{path}: {quote.number} already issued on {entry['issued']} with the same content; nothing written")
        return
    written = ", ".join(map(shown_path, issued.written))
    click.echo(f"{path} -> {written}; issued {quote.number} ({shown_path(issued.archived)}), valid until {entry['valid_until']}")
    approval = entry.get("approval")
    if approval and approval["exceptions"]:
        click.echo(f"{path}: approved by {approval['by']} on {approval['date']}: " + "; ".join(approval["exceptions"]))
