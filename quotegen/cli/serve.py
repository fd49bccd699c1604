"""`quotegen serve`: live previews of the proposals, redrawn as their files are saved."""

from __future__ import annotations

from pathlib import Path

import click

from quotegen.cli import _options, _report


@click.command("serve")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on (0: any free port).")
@click.option(
    "--host", default="127.0.0.1", show_default=True,
    help="Address to listen on. Anything but loopback lets other computers read the proposals.",
)
@_options.config
@_report.command(interrupted="quotegen serve stopped (SIGINT)")
def command(paths: tuple[Path, ...], port: int, host: str, config_path: Path | None) -> None:
    """Serve the proposals of the client files under PATHS (default: clients/) as live
    previews: http://HOST:PORT/ lists them, /NAME.html and /NAME.pdf show one.

    Each open page reloads itself when its client file, the configuration, the theme or
    the data change; a file that does not validate shows its problems instead. Ctrl-C stops.
    """
    from quotegen.output.serve import ServeError, run

    paths = paths or (Path("clients"),)
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise click.BadParameter(", ".join(map(str, missing)) + " not found", param_hint="PATHS")
    try:
        run(
            paths, host=host, port=port, workspace=_options.workspace(config_path), config_path=config_path,
            say=click.echo, log=_report.echo,
        )
    except ServeError as exc:
        _report.fail(str(exc))
