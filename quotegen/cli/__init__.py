"""The command line: a thin shell over quotegen.api. Heavy imports wait for the command."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from quotegen import __version__

FORMAT_CHOICES = ("pdf", "html", "json")


def _workspace(config_path: Path | None) -> Path:
    """The workspace: the --config file's directory (its templates and logo), else here."""
    return config_path.resolve().parent if config_path is not None else Path.cwd()


def _config(config_path: Path | None):
    from quotegen.input.provider import load_config

    return load_config(_workspace(config_path), config_path)


def _report(errors) -> None:
    for error in errors:
        click.echo(str(error), err=True)


def _config_or_exit(config_path: Path | None):
    """The provider configuration, or its errors printed and exit 1."""
    from quotegen.errors import QuotegenError

    try:
        return _config(config_path)
    except QuotegenError as exc:
        _report(exc.errors)
        sys.exit(1)


def _quote_or_exit(file: Path, config_path: Path | None):
    """One client file priced and recommended, or its errors printed and exit 1."""
    from quotegen.api import build_quote, load_client
    from quotegen.errors import QuotegenError

    config = _config_or_exit(config_path)
    try:
        quote = build_quote(load_client(file, config).client_file, config)
    except QuotegenError as exc:
        _report(exc.errors)
        sys.exit(1)
    for warning in quote.warnings:
        click.echo(f"{file}: warning: {warning}", err=True)
    return quote


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="quotegen")
def main() -> None:
    """Turn client YAML files into sourced, branded staffing proposals (PDF, HTML, JSON)."""


brief_option = click.option(
    "--brief", is_flag=True, help="The short form: cover, summary, comparison, recommendations and terms (JSON unchanged)."
)

config_option = click.option(
    "--config",
    "config_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Provider configuration (default: ./quotegen.yaml if present, else the built-in sample).",
)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", "out_dir", default="output", show_default=True, type=click.Path(path_type=Path), help="Directory for the proposals.")
@click.option("-f", "--format", "formats", multiple=True, type=click.Choice(FORMAT_CHOICES), help="Output format; repeat for several (default: all three).")
@brief_option
@config_option
def render(files: tuple[Path, ...], out_dir: Path, formats: tuple[str, ...], brief: bool, config_path: Path | None) -> None:
    """Render each client FILE into OUT_DIR as <name>.pdf, <name>.html and <name>.json.

    Names are made safe (accents dropped, other scripts hashed); two FILES that would write
    the same names are refused and nothing is written. Each FILE's formats appear together
    or not at all.
    """
    from quotegen.api import build_quote, load_client, render_formats
    from quotegen.errors import QuotegenError, RenderError
    from quotegen.render.renderer import Renderer
    from quotegen.output.write import name_collisions, os_error_message, output_stem, write_outputs

    formats = tuple(dict.fromkeys(formats)) or FORMAT_CHOICES
    distinct = {path.resolve(): path for path in reversed(files)}  # one file given twice is no clash
    collisions = name_collisions((str(path), output_stem(path)) for path in files if distinct[path.resolve()] is path)
    if collisions:
        for label, message in collisions:
            click.echo(f"{label}: {message}", err=True)
        click.echo(f"{len(collisions)} of {len(files)} file(s) would overwrite another's outputs; nothing was written.", err=True)
        sys.exit(1)
    try:
        config = _config(config_path)
        renderer = Renderer(config)
    except QuotegenError as exc:
        _report(exc.errors)
        sys.exit(1)
    except RenderError as exc:
        click.echo(f"quotegen: theme: {exc}", err=True)
        sys.exit(1)
    except OSError as exc:
        click.echo(os_error_message(exc, "quotegen: theme"), err=True)
        sys.exit(1)
    failed = 0
    for path in files:
        try:
            loaded = load_client(path, config)
            quote = build_quote(loaded.client_file, config)
            outputs = render_formats(quote, renderer, formats, client_source=loaded.source_text, brief=brief)
            written = write_outputs(out_dir, output_stem(path), outputs)
        except QuotegenError as exc:
            _report(exc.errors)
            failed += 1
            continue
        except RenderError as exc:
            click.echo(f"{path}: render failed: {exc}", err=True)
            failed += 1
            continue
        except OSError as exc:  # the system said no: a full disk, a read-only directory
            click.echo(os_error_message(exc, str(path)), err=True)
            failed += 1
            continue
        except Exception as exc:  # a bug, not bad input: say so, keep going with the batch
            click.echo(f"{path}: internal error ({type(exc).__name__}: {exc}); please report it", err=True)
            failed += 1
            continue
        for warning in quote.warnings:
            click.echo(f"{path}: warning: {warning}", err=True)
        click.echo(f"{path} -> " + ", ".join(str(p.relative_to(Path.cwd()) if p.is_relative_to(Path.cwd()) else p) for p in written))
    if failed:
        click.echo(f"{failed} of {len(files)} file(s) failed; nothing was written for them.", err=True)
        sys.exit(1)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@config_option
def validate(files: tuple[Path, ...], config_path: Path | None) -> None:
    """Check client FILES and print every problem; renders nothing."""
    from quotegen.api import build_quote, load_client
    from quotegen.errors import QuotegenError

    config = _config_or_exit(config_path)
    failed = 0
    for path in files:
        try:
            build_quote(load_client(path, config).client_file, config)
        except QuotegenError as exc:
            _report(exc.errors)
            failed += 1
        else:
            click.echo(f"{path}: ok")
    if failed:
        sys.exit(1)


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@config_option
def price(file: Path, config_path: Path | None) -> None:
    """Print the cost breakdown of one client FILE as a table (no documents written)."""
    from quotegen.render.terminal import quote_table

    click.echo(quote_table(_quote_or_exit(file, config_path)), nl=False)


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--role", "role_title", help="Explain only the role with this title.")
@config_option
def explain(file: Path, role_title: str | None, config_path: Path | None) -> None:
    """Show how the model for each role of FILE was chosen: facts, centres, points."""
    from quotegen.render.explain import explain_text

    quote = _quote_or_exit(file, config_path)
    if role_title is not None and not any(r.title.casefold() == role_title.casefold() for r in quote.roles):
        titles = ", ".join(repr(r.title) for r in quote.roles)
        click.echo(f"{file}: no role titled {role_title!r} (roles: {titles})", err=True)
        sys.exit(1)
    click.echo(explain_text(quote, role_title), nl=False)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@config_option
def verify(files: tuple[Path, ...], config_path: Path | None) -> None:
    """Re-price each proposal PDF from its embedded client file and compare every figure,
    in the embedded quote and on the pages."""
    from quotegen.errors import QuotegenError, RenderError
    from quotegen.render.renderer import Renderer
    from quotegen.output.verify import verify_pdf
    from quotegen.output.visible import MAX_PROBLEMS

    config = _config_or_exit(config_path)
    # The fresh quote is laid out with the theme the document was made with: a --config
    # file's own directory holds its templates and logo, wherever verify is run from.
    workspace = config_path.resolve().parent if config_path is not None else None
    try:
        renderer = Renderer(config, workspace)
    except RenderError as exc:
        click.echo(f"quotegen: theme: {exc}", err=True)
        sys.exit(1)
    failed = 0
    for path in files:
        try:
            verdict = verify_pdf(path, config, renderer)
        except QuotegenError as exc:
            _report(exc.errors)
            failed += 1
            continue
        except RenderError as exc:  # the theme cannot lay out today's quote to compare with
            click.echo(f"{path}: cannot lay out the fresh quote to compare the pages: {exc}", err=True)
            failed += 1
            continue
        if verdict.ok:
            click.echo(f"{path}: all {verdict.values} values match, and all {verdict.figures} figures on its {verdict.pages} pages")
            continue
        failed += 1
        if verdict.differences:
            click.echo(f"{path}: {len(verdict.differences)} of {verdict.values} values differ from what today's engine and data give:", err=True)
            for difference in verdict.differences:
                click.echo(f"  {difference}", err=True)
        for problem in verdict.problems[:MAX_PROBLEMS]:
            click.echo(f"{path}: {problem}", err=True)
        if len(verdict.problems) > MAX_PROBLEMS:
            click.echo(f"{path}: and {len(verdict.problems) - MAX_PROBLEMS} more differences on the pages", err=True)
    if failed:
        sys.exit(1)



@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("-o", "--output", "out_dir", default="output", show_default=True, type=click.Path(file_okay=False, path_type=Path), help="Directory for the proposals, the manifest and the roll-up.")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None, help="Parallel workers (default: the number of CPUs).")
@click.option("--force", is_flag=True, help="Rebuild everything, changed or not.")
@click.option("--shard", "shard_text", metavar="K/N", help="Build only the K-th of N deterministic parts (for several CI machines); its roll-up is summary-K-of-N.csv/.json.")
@click.option("-f", "--format", "formats", multiple=True, type=click.Choice(FORMAT_CHOICES), help="Output format; repeat for several (default: all three).")
@click.option("--timeout", type=click.IntRange(1, 3600), default=120, show_default=True, help="Seconds a document may take, plus --timeout-per-role for each of its roles, before it is stopped and reported as failed.")
@click.option("--timeout-per-role", type=click.FloatRange(0, 60), default=1.0, show_default=True, help="Seconds added to --timeout for each role (200 roles: 120 + 200 = 320 s).")
@click.option("--lock-timeout", type=click.FloatRange(0, 86400), default=5.0, show_default=True, help="Seconds to wait for another build on the same output directory to finish before giving up.")
@brief_option
@config_option
def build(paths, out_dir, jobs, force, shard_text, formats, timeout, timeout_per_role, lock_timeout, brief, config_path) -> None:
    """Build every client file under PATHS (default: clients/) that changed since the last build.

    SIGTERM or Ctrl-C stops the build: nothing more is written, the manifest keeps what
    finished, and the exit code is 143 or 130.
    """
    try:
        _build(paths, out_dir, jobs, force, shard_text, formats, timeout, timeout_per_role, lock_timeout, brief, config_path)
    except KeyboardInterrupt:  # Ctrl-C before the build began: nothing was written
        click.echo("build interrupted (SIGINT) before it started; nothing was written", err=True)
        sys.exit(130)


def _build(paths, out_dir, jobs, force, shard_text, formats, timeout, timeout_per_role, lock_timeout, brief, config_path) -> None:
    import os

    from quotegen.output.build import build as run_build
    from quotegen.output.build import discover, parse_shard, shard
    from quotegen.errors import QuotegenError
    from quotegen.output.lifecycle import OutputLocked, signal_name
    from quotegen.errors import shown_path
    from quotegen.output.write import OutputError

    paths = paths or (Path("clients"),)
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise click.BadParameter(", ".join(map(str, missing)) + " not found", param_hint="PATHS")
    try:
        inputs = discover(paths)
    except QuotegenError as exc:  # e.g. two client files that would write the same outputs
        _report(exc.errors)
        sys.exit(1)
    shard_of = None
    if shard_text:
        try:
            shard_of = parse_shard(shard_text)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--shard") from None
        inputs = shard(inputs, *shard_of)
    jobs = jobs or os.cpu_count() or 1
    tty = sys.stderr.isatty()

    def progress(outcome, done, total):
        if tty:
            filled = 30 * done // max(total, 1)
            bar = "#" * filled + "-" * (30 - filled)
            click.echo(f"\r[{bar}] {done}/{total} {outcome.status:<7} {outcome.input.label[:40]:<40}", err=True, nl=done == total)
        elif outcome.status != "skipped":
            click.echo(f"{outcome.status} {outcome.input.label}" + (f" ({outcome.seconds:.1f} s)" if outcome.status == "built" else ""), err=True)

    try:
        report = run_build(
            inputs, out_dir, workspace=_workspace(config_path), config_path=config_path, formats=tuple(dict.fromkeys(formats)) or FORMAT_CHOICES,
            jobs=jobs, force=force, timeout=timeout, timeout_per_role=timeout_per_role, brief=brief, shard_of=shard_of,
            lock_wait=lock_timeout, progress=progress,
        )
    except OutputLocked as exc:
        holder = f" (pid {exc.pid})" if exc.pid else ""
        click.echo(
            f"{shown_path(out_dir, directory=True)}: another quotegen build is running on this directory{holder}; "
            f"wait for it or use another -o (waited {lock_timeout:g} s)",
            err=True,
        )
        sys.exit(1)
    except OutputError as exc:
        click.echo(str(exc), err=True)
        sys.exit(1)
    failed = [o for o in report.outcomes if o.status == "failed"]
    for outcome in failed:
        click.echo(outcome.error, err=True)
    counts = f"{report.count('built')} built, {report.count('skipped')} unchanged, {len(failed)} failed"
    if report.interrupted:
        if tty:
            click.echo(err=True)  # end the progress bar's line
        click.echo(
            f"build interrupted ({signal_name(report.interrupted)}): {counts}, {report.count('stopped')} not finished; "
            "the manifest records what finished",
            err=True,
        )
        sys.exit(128 + report.interrupted)
    click.echo(f"{counts} in {report.seconds:.1f} s; roll-up in {out_dir / report.rollup}.csv")
    if failed:
        sys.exit(1)


@main.command()
@click.option("--provider", is_flag=True, help="The provider configuration's schema (quotegen.yaml) instead.")
def schema(provider: bool) -> None:
    """Print the JSON Schema of the client file, for editors and other tools."""
    from quotegen.input.json_schemas import as_text, client_schema, provider_schema

    click.echo(as_text(provider_schema() if provider else client_schema()), nl=False)


@main.command()
@click.argument("name")
@click.option("-d", "--dir", "directory", default="clients", show_default=True, type=click.Path(file_okay=False, path_type=Path))
def new(name: str, directory: Path) -> None:
    """Write a commented client file for NAME to start from."""
    from quotegen.input.scaffold import new_client

    try:
        path = new_client(name, directory)
    except FileExistsError as exc:
        click.echo(f"{exc.args[0]}: already exists; nothing was written", err=True)
        sys.exit(1)
    click.echo(f"wrote {path}")


@main.command()
@click.argument("directory", default=".", type=click.Path(file_okay=False, path_type=Path))
def init(directory: Path) -> None:
    """Create a workspace in DIRECTORY: quotegen.yaml, clients/, templates/, README."""
    from quotegen.input.scaffold import init_workspace

    created = init_workspace(directory)
    for path in created:
        click.echo(f"wrote {path}")
    if not created:
        click.echo(f"{directory}: already a workspace; nothing was written")


if __name__ == "__main__":  # python -m quotegen.cli
    main()
