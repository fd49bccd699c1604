"""`quotegen init`: a new workspace (quotegen.yaml, clients/, templates/, README)."""

from __future__ import annotations

from pathlib import Path

import click

from quotegen.cli import _report


@click.command("init")
@click.argument("directory", default=".", type=click.Path(file_okay=False, path_type=Path))
@_report.command()
def command(directory: Path) -> None:
    """Create a workspace in DIRECTORY: quotegen.yaml, clients/, templates/, README."""
    from quotegen.input.scaffold import init_workspace

    created = init_workspace(directory)
    for path in created:
        click.echo(f"wrote {path}")
    if created:
        # The example client is a scaffold: say how to get from here to a first proposal.
        click.echo(f"next: replace the placeholder text in {directory / 'clients' / 'example-client.yaml'}, then run `quotegen build` in {directory} (or `quotegen build --draft` to try it as it is)")
    if not created:
        click.echo(f"{directory}: already a workspace; nothing was written")
