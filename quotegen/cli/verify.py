"""`quotegen verify`: re-price proposal PDFs and compare every figure, embedded and printed."""

from __future__ import annotations

from pathlib import Path

import click

from quotegen.cli import _options, _report


@click.command("verify")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@_options.config
@_report.command()
def command(files: tuple[Path, ...], config_path: Path | None) -> None:
    """Re-price each proposal PDF from its embedded client file and compare every figure,
    in the embedded quote and on the pages."""
    from quotegen.output.verify import verify_pdf

    config = _options.load_config(config_path)
    # The fresh quote is laid out with the theme the document was made with: the workspace's.
    renderer = _options.open_renderer(config)
    failed = 0
    for path in files:
        try:
            verdict = verify_pdf(path, config, renderer)
        except Exception as exc:  # the theme cannot lay out today's quote to compare with, or bad input
            _report.file_failed(exc, str(path), rendering="cannot lay out the fresh quote to compare the pages")
            failed += 1
            continue
        failed += not verdict.ok
        _show(path, verdict)
    if failed:
        _report.fail()


def _show(path: Path, verdict) -> None:
    """The verdict on one PDF: one line on stdout if all is well, else each difference on stderr."""
    from quotegen.output.visible import MAX_PROBLEMS

    if verdict.ok:
        click.echo(f"{path}: all {verdict.values} values match, and all {verdict.figures} figures on its {verdict.pages} pages")
        return
    if verdict.differences:
        _report.echo(f"{path}: {len(verdict.differences)} of {verdict.values} values differ from what today's engine and data give:")
        for difference in verdict.differences:
            _report.echo(f"  {difference}")
    for problem in verdict.problems[:MAX_PROBLEMS]:
        _report.echo(f"{path}: {problem}")
    if len(verdict.problems) > MAX_PROBLEMS:
        _report.echo(f"{path}: and {len(verdict.problems) - MAX_PROBLEMS} more differences on the pages")
