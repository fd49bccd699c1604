"""Serve: the proposals as live previews over HTTP (Starlette on uvicorn, in this process).

Routes: `/` lists the clients, `/<stem>.html` is the standalone page of `render -f html`
plus a reload script, `/<stem>.pdf` the PDF made on demand, `/events` the server-sent
events naming each re-render. Names are looked up among the clients found, never joined
to a path, so nothing else can be reached (404); the pages carry their fonts, images and
styles, so no other file is served. Bound to loopback, the server answers only to loopback
host names (a page elsewhere cannot reach it by DNS rebinding).
"""

from __future__ import annotations

import asyncio
import errno
import ipaddress
import json
import re
import secrets
import signal
import socket
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

import uvicorn
from starlette.applications import Starlette
from starlette.responses import HTMLResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

from quotegen.errors import describe_os_error, shown_path
from quotegen.output.serve_pages import index_page, problems_page, removed_page, with_reload
from quotegen.output.serve_previews import Previews

DOCUMENT = re.compile(r"([A-Za-z0-9._-]+)\.(html|pdf)")
KEEPALIVE_SECONDS = 15  # a comment on idle streams, so a closed browser tab is noticed
STATUS_CODES = {"ok": 200, "invalid": 422, "failed": 500, "removed": 404}
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
_PLAIN_HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}


class ServeError(Exception):
    """The server cannot start; one line for the user."""


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def listen(host: str, port: int) -> socket.socket:
    """A listening socket on host:port (port 0: any free one), or a ServeError saying why not."""
    where = f"{host}:{port}"
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
    except socket.gaierror as exc:
        raise ServeError(f"quotegen serve: cannot listen on {where}: unknown host ({exc.strerror})") from None
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        reason = "the port is in use (another server? choose another --port)" if exc.errno == errno.EADDRINUSE else describe_os_error(exc)
        raise ServeError(f"quotegen serve: cannot listen on {where}: {reason}") from None
    return sock


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def create_app(previews: Previews, *, loopback_only: bool = True, watched: str = "clients/"):
    """The Starlette application over a set of previews."""

    def html(page: str, status: int, name: str | None, version) -> HTMLResponse:
        nonce = secrets.token_urlsafe(16)
        policy = (
            "default-src 'none'; img-src data:; font-src data:; style-src 'unsafe-inline'; "
            f"script-src 'nonce-{nonce}'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
        )
        headers = {**_PLAIN_HEADERS, "Content-Security-Policy": policy}
        return HTMLResponse(with_reload(page, name, version, nonce), status_code=status, headers=headers)

    def not_found() -> Response:
        return PlainTextResponse("Not Found", status_code=404, headers=_PLAIN_HEADERS)

    def index(request):
        rows = [
            {"stem": p.stem, "file": p.label, "status": p.status, "notes": _notes(p)}
            for p in previews.clients()
        ]
        page = index_page(rows, previews.setup_problems, previews.left_out, watched)
        return html(page, 200, None, previews.versions())

    def document(request):
        match = DOCUMENT.fullmatch(request.path_params["name"])
        if match is None:
            return not_found()
        stem, kind = match.groups()
        preview = previews.pdf(stem) if kind == "pdf" else previews.page(stem)
        if preview is None:
            return not_found()
        if preview.status == "removed":
            return html(removed_page(preview.label), 404, stem, preview.version)
        if kind == "pdf" and isinstance(preview.pdf, bytes):
            headers = {**_PLAIN_HEADERS, "Content-Disposition": f'inline; filename="{stem}.pdf"'}
            return Response(preview.pdf, media_type="application/pdf", headers=headers)
        if kind == "pdf":
            failed = "invalid" if preview.status == "invalid" else "failed"
            return html(problems_page(preview.label, preview.pdf), STATUS_CODES[failed], stem, preview.version)
        if preview.status == "ok":
            return html(preview.html, 200, stem, preview.version)
        return html(problems_page(preview.label, preview.problems), STATUS_CODES[preview.status], stem, preview.version)

    async def events(request):
        queue = previews.listen()

        async def stream():
            try:
                # retry: reconnect within a second when the server comes back after a restart
                yield f"retry: 1000\nevent: hello\ndata: {json.dumps({'versions': previews.versions()}, sort_keys=True)}\n\n"
                while True:
                    try:
                        event = await asyncio.wait_for(queue.get(), KEEPALIVE_SECONDS)
                    except asyncio.TimeoutError:
                        yield ": idle\n\n"
                        continue
                    if event is None:  # the server is stopping
                        return
                    yield f"event: rendered\ndata: {json.dumps(event, sort_keys=True)}\n\n"
            finally:
                previews.forget(queue)

        return StreamingResponse(stream(), media_type="text/event-stream", headers=_PLAIN_HEADERS)

    routes = [
        Route("/", index, methods=["GET"]),
        Route("/events", events, methods=["GET"]),
        Route("/{name}", document, methods=["GET"]),
    ]
    app = Starlette(routes=routes)
    app.router.redirect_slashes = False  # `/x/` is not found, not a redirect to `/x`
    return _HostCheck(app) if loopback_only else app


def _notes(preview) -> list[str]:
    """What the index says under a status: the first problems, then the warnings."""
    notes = list(preview.problems[:3])
    if len(preview.problems) > 3:
        notes.append(f"and {len(preview.problems) - 3} more")
    return notes + list(preview.warnings)


class _HostCheck:
    """Answer only requests addressed to a loopback name: a web page elsewhere cannot
    point its own host name at 127.0.0.1 (DNS rebinding) and read the proposals."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            host = dict(scope["headers"]).get(b"host", b"").decode("latin-1").lower()
            name = host[1:].partition("]")[0] if host.startswith("[") else host.partition(":")[0]
            if name not in LOOPBACK_NAMES:
                body = b"quotegen serve answers only to localhost and 127.0.0.1\n"
                headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
                await send({"type": "http.response.start", "status": 400, "headers": headers})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)


def run(
    paths: Iterable[Path], *, host: str, port: int, workspace: Path, config_path: Path | None,
    say: Callable[[str], None], log: Callable[[str], None],
) -> None:
    """Serve until SIGINT or SIGTERM (KeyboardInterrupt propagates after a clean stop)."""
    from quotegen.output.serve_watch import Watcher

    paths = tuple(paths)
    if threading.current_thread() is threading.main_thread():
        # Ctrl-C stops the server from the first moment, also when it was started with SIGINT
        # ignored (a background job): uvicorn listens to it while serving anyway, and re-raises it.
        signal.signal(signal.SIGINT, signal.default_int_handler)
    sock = listen(host, port)
    url = url_of(sock)
    loopback = is_loopback(host)
    if not loopback:
        log(f"warning: listening on {host}, not only on this computer: anyone who can reach {url} can read these proposals")
    previews = Previews(paths, workspace, config_path, log)
    watcher = Watcher(previews)
    watcher.start()
    stop = threading.Event()
    warm = threading.Thread(target=previews.warm_up, args=(stop,), name="quotegen-serve-warm-up", daemon=True)
    warm.start()
    watched = ", ".join(shown_path(p, directory=p.is_dir()) for p in paths)
    count = len(previews.clients())
    say(f"Serving {count} proposal{'s' if count != 1 else ''} from {watched} at {url} (Ctrl-C to stop)")
    config = uvicorn.Config(
        create_app(previews, loopback_only=loopback, watched=watched), http="h11", loop="asyncio", ws="none", lifespan="off",
        log_level="warning", access_log=False, timeout_graceful_shutdown=3,
    )
    server = _Server(config, previews)
    try:
        server.run(sockets=[sock])
    finally:
        stop.set()
        previews.close_streams()
        watcher.stop()
        warm.join(10)
        sock.close()


class _Server(uvicorn.Server):
    """uvicorn's server, which also ends the event streams when asked to stop (it would
    otherwise wait for every open browser tab to hang up)."""

    def __init__(self, config: uvicorn.Config, previews: Previews):
        super().__init__(config)
        self.previews = previews

    def handle_exit(self, sig, frame) -> None:
        super().handle_exit(sig, frame)
        self.previews.close_streams()
