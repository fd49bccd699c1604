"""`quotegen schema`: the JSON Schema of the client file or of quotegen.yaml."""

from __future__ import annotations

import click

from quotegen.cli import _report


@click.command("schema")
@click.option("--provider", is_flag=True, help="The provider configuration's schema (quotegen.yaml) instead.")
@_report.command()
def command(provider: bool) -> None:
    """Print the JSON Schema of the client file, for editors and other tools."""
    from quotegen.input.json_schemas import as_text, client_schema, provider_schema

    click.echo(as_text(provider_schema() if provider else client_schema()), nl=False)
