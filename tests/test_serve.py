"""`quotegen serve` through the CLI: the real server on a free port, driven over HTTP."""

from __future__ import annotations

import http.client
import json
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from quotegen.cli import main
from .helpers import session_processes

ROOT = Path(__file__).parent.parent
START_TIMEOUT = 30  # seconds for the server to print its address (imports, first renders)
EVENT_TIMEOUT = 15  # seconds for a saved edit to come back as an event (1.5 s is the target)

THREE_ROLES = """client:
  name: {name}
  country: US
  region: TX
proposal:
  date: 2026-11-28
  prepared_by: Tester
roles:
  - title: Office clerk
    family: admin
    salary: {salary}
  - title: Support agent
    family: customer_service
    salary: 42000
  - title: Bookkeeper
    family: bookkeeping
    salary: 51000
"""


def three_roles(name: str = "Three Roles Co", salary: str = "50000") -> str:
    return THREE_ROLES.format(name=name, salary=salary)


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def save(path: Path, text: str) -> None:
    """Write as editors do: a new file renamed over the old one."""
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


class Server:
    """`quotegen serve --port 0` in its own session; its output read by threads."""

    def __init__(self, cwd: Path, *args: str, sigint_ignored: bool = False):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "quotegen.cli", "serve", "--port", "0", *args], cwd=cwd, start_new_session=True,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            # as a shell starts a background job: SIGINT ignored until the program says otherwise
            preexec_fn=(lambda: signal.signal(signal.SIGINT, signal.SIG_IGN)) if sigint_ignored else None,
        )
        self.stdout: queue.Queue[str] = queue.Queue()
        self.stderr_lines: list[str] = []
        threading.Thread(target=self._pump, args=(self.process.stdout, self.stdout.put), daemon=True).start()
        threading.Thread(target=self._pump, args=(self.process.stderr, self.stderr_lines.append), daemon=True).start()
        try:
            self.banner = self.stdout.get(timeout=START_TIMEOUT)
        except queue.Empty:
            self.stop()
            raise AssertionError(f"the server did not start: {self.stderr}") from None
        self.url = re.search(r"http://\S+/", self.banner).group(0)
        self.port = int(self.url.rstrip("/").rsplit(":", 1)[1])

    @staticmethod
    def _pump(stream, put) -> None:
        for line in stream:
            put(line.rstrip("\n"))

    @property
    def stderr(self) -> str:
        return "\n".join(self.stderr_lines)

    def get(self, path: str, **kwargs) -> httpx.Response:
        return httpx.get(self.url + path.lstrip("/"), timeout=60, **kwargs)

    def raw(self, target: str, host: str | None = None) -> tuple[int, bytes]:
        """A request with the target sent exactly as written (no client-side clean-up of `..`)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.putrequest("GET", target, skip_host=host is not None, skip_accept_encoding=True)
            if host is not None:
                connection.putheader("Host", host)
            connection.endheaders()
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def stop(self, sig: int = signal.SIGINT, timeout: float = 15) -> int:
        if self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(5)
            raise AssertionError(f"the server did not stop within {timeout} s") from None


class Events:
    """The server's event stream, read by a thread into a queue of (event, data)."""

    def __init__(self, server: Server):
        self.queue: queue.Queue[tuple[str, dict]] = queue.Queue()
        self.opened = threading.Event()
        self.client = httpx.Client(timeout=httpx.Timeout(10, read=None))
        self.thread = threading.Thread(target=self._read, args=(server.url + "events",), daemon=True)
        self.thread.start()
        assert self.opened.wait(10), "the event stream did not open"
        self.hello = self.next("hello")

    def _read(self, url: str) -> None:
        try:
            with self.client.stream("GET", url) as response:
                self.content_type = response.headers["content-type"]
                self.opened.set()
                name = None
                for line in response.iter_lines():
                    if line.startswith("event: "):
                        name = line[len("event: "):]
                    elif line.startswith("data: "):
                        self.queue.put((name, json.loads(line[len("data: "):])))
        except httpx.HTTPError:
            pass  # closed by the test or the server

    def next(self, name: str, client: str | None = None, because: str | None = None, timeout: float = EVENT_TIMEOUT) -> dict:
        """The next `name` event about `client`, caused by a change to `because` (other events skipped:
        someone editing the built-in theme meanwhile re-renders every page too)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                event, data = self.queue.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"no {name!r} event for {client!r} within {timeout} s") from None
            if event == name and (client is None or data.get("client") == client) and (because is None or because in data["because"]):
                return data

    def close(self) -> None:
        self.client.close()


def without_script(page: str) -> str:
    """The served page without the reload script the server adds."""
    return re.sub(r"<script nonce=\"[^\"]+\">.*?</script>\n", "", page, flags=re.DOTALL)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    """A workspace whose clients/ holds good files, a broken one, and links leading outside."""
    root = tmp_path_factory.mktemp("serve")
    clients = root / "clients"
    clients.mkdir()
    for name in ("three-roles", "to-break", "pdf-client"):
        (clients / f"{name}.yaml").write_text(three_roles(), encoding="utf-8")
    (clients / "broken.yaml").write_text(three_roles(salary="abc"), encoding="utf-8")
    outside = root / "outside"
    outside.mkdir()
    (outside / "secret.yaml").write_text(three_roles(name="Secret Co"), encoding="utf-8")
    (clients / "linked.yaml").symlink_to(outside / "secret.yaml")
    (clients / "linked-folder").symlink_to(outside, target_is_directory=True)
    return root


@pytest.fixture(scope="module")
def server(workspace):
    server = Server(workspace)
    yield server
    server.stop()


@pytest.mark.slow  # a real server in a subprocess
def test_banner_names_the_clients_and_the_address(server):
    assert server.banner == f"Serving 4 proposals from clients/ at {server.url} (Ctrl-C to stop)"
    assert server.url.startswith("http://127.0.0.1:")
    assert "clients/linked.yaml: left out: a symbolic link that leads outside clients/" in server.stderr_lines


@pytest.mark.slow  # a real server in a subprocess
def test_index_links_every_client_with_its_status(server):
    for stem in ("broken", "pdf-client", "three-roles", "to-break"):
        server.get(f"/{stem}.html")  # rendered by now, so the statuses are final
    response = server.get("/")
    assert response.status_code == 200
    rows = re.findall(r'<tr><td><a href="/([^"]+)\.html">[^<]+</a></td><td>([^<]+)</td><td class="(\w+)">([^<]+)', response.text)
    assert rows == [
        ("broken", "clients/broken.yaml", "invalid", "does not validate"),
        ("pdf-client", "clients/pdf-client.yaml", "ok", "ok"),
        ("three-roles", "clients/three-roles.yaml", "ok", "ok"),
        ("to-break", "clients/to-break.yaml", "ok", "ok"),
    ]
    for stem in ("broken", "pdf-client", "three-roles", "to-break"):
        assert f'<a href="/{stem}.pdf">PDF</a>' in response.text


@pytest.mark.slow  # a real server in a subprocess
def test_preview_is_the_rendered_html_plus_a_reload_script(server, workspace, tmp_path, monkeypatch):
    response = server.get("/three-roles.html")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    nonce = re.search(r"<script nonce=\"([^\"]+)\">", response.text).group(1)
    assert f"script-src 'nonce-{nonce}'" in response.headers["content-security-policy"]
    assert 'new EventSource("/events")' in response.text
    monkeypatch.chdir(workspace)
    result = run("render", "clients/three-roles.yaml", "-f", "html", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert without_script(response.text) == (tmp_path / "three-roles.html").read_text(encoding="utf-8")


@pytest.mark.slow  # a real server in a subprocess
def test_a_saved_edit_comes_back_as_an_event_and_new_content(server, workspace):
    events = Events(server)
    try:
        assert events.content_type == "text/event-stream; charset=utf-8"
        before = events.hello["versions"]["three-roles"]
        save(workspace / "clients" / "three-roles.yaml", three_roles(name="Renamed While Serving Co"))
        event = events.next("rendered", "three-roles", "clients/three-roles.yaml")
        assert event == {
            "because": ["clients/three-roles.yaml"], "client": "three-roles", "file": "clients/three-roles.yaml",
            "status": "ok", "version": event["version"],
        }
        assert event["version"] > before
        page = server.get("/three-roles.html").text
        assert "Renamed While Serving Co" in page
        assert f'var name = "three-roles", shown = {event["version"]},' in page
    finally:
        events.close()


@pytest.mark.slow  # a real server in a subprocess
def test_a_broken_file_shows_its_problems_then_recovers(server, workspace, monkeypatch):
    path = workspace / "clients" / "to-break.yaml"
    events = Events(server)
    try:
        save(path, three_roles(salary="abc"))
        assert events.next("rendered", "to-break", "clients/to-break.yaml")["status"] == "invalid"
        response = server.get("/to-break.html")
        monkeypatch.chdir(workspace)
        cli = CliRunner().invoke(main, ["validate", "clients/to-break.yaml"])
        expected = "clients/to-break.yaml:11:13: roles[0].salary: must be a plain number like 33000 or 33000.50, not 'abc'"
        assert cli.stderr.splitlines() == [expected]  # the same text as the command line
        assert response.status_code == 422
        assert f"<pre>{expected.replace(chr(39), '&#x27;')}</pre>" in response.text
        assert "<h1>clients/to-break.yaml: 1 problem</h1>" in response.text
        assert 'new EventSource("/events")' in response.text  # it reloads itself once fixed
        assert expected in server.stderr_lines

        save(path, three_roles(name="Fixed Again Co"))
        assert events.next("rendered", "to-break", "clients/to-break.yaml")["status"] == "ok"
        response = server.get("/to-break.html")
        assert response.status_code == 200
        assert "Fixed Again Co" in response.text
    finally:
        events.close()


@pytest.mark.slow  # a real server in a subprocess
@pytest.mark.parametrize(
    "target",
    [
        "/../pyproject.toml",
        "/%2e%2e/pyproject.toml",
        "/%2E%2E%2Fpyproject.toml",
        "/..%2f..%2fpyproject.toml",
        "/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "//etc/passwd",
        "/etc/passwd",
        str(ROOT / "pyproject.toml"),
        "/" + str(ROOT / "pyproject.toml"),
        "/linked.html",  # clients/linked.yaml leads outside clients/
        "/secret.html",  # inside clients/linked-folder, a link to a folder outside
        "/linked-folder/secret.html",
        "/three-roles.yaml",
        "/clients/three-roles.yaml",
        "/three-roles.json",
        "/three-roles",
        "/clients/",
        "/fonts/",
        "/nothing.html",
    ],
)
def test_nothing_but_the_documents_is_served(server, target):
    status, body = server.raw(target)
    assert (status, body) == (404, b"Not Found")


@pytest.mark.slow  # a real server in a subprocess
def test_a_page_elsewhere_cannot_reach_it_through_its_own_host_name(server):
    assert server.raw("/three-roles.html", host=f"evil.example:{server.port}") == (
        400, b"quotegen serve answers only to localhost and 127.0.0.1\n"
    )
    assert server.raw("/", host=f"localhost:{server.port}")[0] == 200


@pytest.mark.slow  # a real server in a subprocess
def test_pdf_is_made_on_demand_and_kept_until_the_file_changes(server, workspace, tmp_path, monkeypatch):
    started = time.perf_counter()
    first = server.get("/pdf-client.pdf")
    cold = time.perf_counter() - started
    started = time.perf_counter()
    second = server.get("/pdf-client.pdf")
    warm = time.perf_counter() - started
    assert first.status_code == 200 and first.headers["content-type"] == "application/pdf"
    assert first.content.startswith(b"%PDF-")
    assert second.content == first.content
    assert warm < cold / 4, (cold, warm)
    monkeypatch.chdir(workspace)
    assert run("render", "clients/pdf-client.yaml", "-f", "pdf", "-o", str(tmp_path)).exit_code == 0
    assert first.content == (tmp_path / "pdf-client.pdf").read_bytes()  # what `render` writes

    events = Events(server)
    try:
        save(workspace / "clients" / "pdf-client.yaml", three_roles(name="New Name For The PDF Co"))
        events.next("rendered", "pdf-client", "clients/pdf-client.yaml")
    finally:
        events.close()
    third = server.get("/pdf-client.pdf")
    assert third.status_code == 200 and third.content.startswith(b"%PDF-")
    assert third.content != first.content


@pytest.mark.slow  # a real server in a subprocess
def test_the_pdf_of_a_broken_file_is_its_problems(server):
    response = server.get("/broken.pdf")
    assert response.status_code == 422
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert "<pre>clients/broken.yaml:11:13: roles[0].salary: must be a plain number like 33000 or 33000.50, not &#x27;abc&#x27;</pre>" in response.text


@pytest.mark.slow  # a real server in a subprocess
def test_a_new_file_appears_and_a_removed_one_says_so(server, workspace):
    events = Events(server)
    path = workspace / "clients" / "newcomer.yaml"
    try:
        save(path, three_roles(name="Newcomer Co"))
        assert events.next("rendered", "newcomer", "clients/newcomer.yaml")["status"] == "ok"
        assert "Newcomer Co" in server.get("/newcomer.html").text
        assert 'href="/newcomer.html"' in server.get("/").text
        path.unlink()
        assert events.next("rendered", "newcomer", "clients/newcomer.yaml")["status"] == "removed"
        response = server.get("/newcomer.html")
        assert response.status_code == 404
        assert "<h1>clients/newcomer.yaml was removed or renamed</h1>" in response.text
        assert 'href="/newcomer.html"' not in server.get("/").text
    finally:
        events.close()


@pytest.mark.slow  # a real server in a subprocess
def test_a_configuration_change_redraws_every_page_and_a_broken_one_is_shown(tmp_path, monkeypatch):
    (tmp_path / "clients").mkdir()
    (tmp_path / "clients" / "a.yaml").write_text(three_roles(name="Alpha Co"), encoding="utf-8")
    (tmp_path / "clients" / "b.yaml").write_text(three_roles(name="Beta Co"), encoding="utf-8")
    server = Server(tmp_path)
    try:
        events = Events(server)
        try:
            save(tmp_path / "quotegen.yaml", "provider: 5\n")
            assert {events.next("rendered", stem, "quotegen.yaml")["status"] for stem in ("a", "b")} == {"invalid"}
            response = server.get("/a.html")
            assert response.status_code == 422
            assert "<pre>quotegen.yaml:1:11: provider: must be a mapping of fields</pre>" in response.text
            assert "quotegen.yaml:1:11: provider: must be a mapping of fields" in server.stderr_lines
            monkeypatch.chdir(tmp_path)
            assert CliRunner().invoke(main, ["validate", "clients/a.yaml"]).stderr == "quotegen.yaml:1:11: provider: must be a mapping of fields\n"
            (tmp_path / "quotegen.yaml").unlink()
            assert {events.next("rendered", stem, "quotegen.yaml")["status"] for stem in ("a", "b")} == {"ok"}
            assert "Alpha Co" in server.get("/a.html").text
        finally:
            events.close()
        assert server.process.poll() is None  # bad input never stops the server
    finally:
        server.stop()


@pytest.mark.slow  # a real server in a subprocess
def test_a_theme_edit_redraws_every_page(tmp_path):
    (tmp_path / "clients").mkdir()
    (tmp_path / "clients" / "a.yaml").write_text(three_roles(), encoding="utf-8")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "brand.css").write_text("/* the brand's own styles */\n", encoding="utf-8")
    server = Server(tmp_path)
    try:
        assert "#0A7E5C" not in server.get("/a.html").text
        events = Events(server)
        try:
            save(tmp_path / "templates" / "brand.css", "h1 { color: #0A7E5C; }\n")
            assert events.next("rendered", "a", "templates/brand.css")["status"] == "ok"
        finally:
            events.close()
        assert "h1 { color: #0A7E5C; }" in server.get("/a.html").text
    finally:
        server.stop()


def test_saved_files_are_sorted_into_clients_and_what_every_client_uses(tmp_path, monkeypatch):
    from importlib import resources

    from quotegen.output.serve_previews import Previews
    from quotegen.output.serve_watch import Watcher

    (tmp_path / "clients").mkdir()
    (tmp_path / "templates").mkdir()
    monkeypatch.chdir(tmp_path)
    watcher = Watcher(Previews([Path("clients")], tmp_path, None, lambda line: None))
    data = Path(str(resources.files("quotegen").joinpath("data")))
    client = str(tmp_path / "clients" / "a.yaml")

    def sort(*paths):
        return watcher.classify({(2, str(path)) for path in paths})

    assert sort(client) == ({client}, set(), ["clients/a.yaml"])
    assert sort(tmp_path / "quotegen.yaml") == (set(), {"configuration"}, ["quotegen.yaml"])
    assert sort(tmp_path / "templates" / "brand.css")[1] == {"theme"}
    assert sort(data / "canada.yaml")[1] == {"data"}
    assert sort(data / "rates.py", tmp_path / "clients" / ".a.yaml.swp", tmp_path / "clients" / "notes.txt", tmp_path / "other.yaml") == (
        set(), set(), [],
    )
    assert str(tmp_path / "clients") in watcher.deep and str(tmp_path / "templates") in watcher.deep
    assert watcher.flat == (str(tmp_path),)  # for quotegen.yaml, not its whole tree


def test_a_data_change_forgets_every_cached_table():
    from quotegen.data.tables import data_file
    from quotegen.output.serve_previews import forget_cached_data

    data_file("regions.yaml")
    assert data_file.cache_info().currsize > 0
    forget_cached_data()
    assert data_file.cache_info().currsize == 0


@pytest.mark.slow  # a real server in a subprocess
def test_ctrl_c_stops_it_and_leaves_no_process(tmp_path):
    (tmp_path / "clients").mkdir()
    (tmp_path / "clients" / "a.yaml").write_text(three_roles(), encoding="utf-8")
    server = Server(tmp_path)
    events = Events(server)  # an open stream must not hold the server up
    assert server.get("/a.html").status_code == 200
    # uvicorn in-process, no workers: once WeasyPrint's first import is over (it runs gcc and
    # ldconfig to find its libraries), the server is alone in its session for a whole second.
    deadline, alone_since = time.monotonic() + 30, None
    while time.monotonic() < deadline and (alone_since is None or time.monotonic() - alone_since < 1):
        alone = session_processes(server.process.pid) == [server.process.pid]
        alone_since = (alone_since or time.monotonic()) if alone else None
        time.sleep(0.05)
    assert alone_since is not None and time.monotonic() - alone_since >= 1, session_processes(server.process.pid)
    started = time.monotonic()
    code = server.stop(signal.SIGINT)
    assert time.monotonic() - started < 8
    events.close()
    assert code == 130
    assert server.stderr_lines[-1] == "quotegen serve stopped (SIGINT)"
    assert session_processes(server.process.pid) == []
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", server.port), timeout=2).close()


@pytest.mark.slow  # a real server in a subprocess
def test_ctrl_c_right_after_the_start_stops_a_background_job_too(tmp_path):
    (tmp_path / "clients").mkdir()
    server = Server(tmp_path, sigint_ignored=True)
    assert server.stop(signal.SIGINT) == 130  # sent as soon as the address is printed
    assert server.stderr_lines[-1] == "quotegen serve stopped (SIGINT)"
    assert session_processes(server.process.pid) == []


@pytest.mark.slow  # a real server in a subprocess
def test_listening_beyond_this_computer_warns(tmp_path):
    (tmp_path / "clients").mkdir()
    server = Server(tmp_path, "--host", "0.0.0.0")
    try:
        assert f"warning: listening on 0.0.0.0, not only on this computer: anyone who can reach http://0.0.0.0:{server.port}/ can read these proposals" in server.stderr_lines
        assert server.banner == f"Serving 0 proposals from clients/ at http://0.0.0.0:{server.port}/ (Ctrl-C to stop)"
        assert server.raw("/", host=f"workstation.example:{server.port}")[0] == 200
    finally:
        assert server.stop() == 130


def test_a_port_in_use_is_refused_in_words(tmp_path, monkeypatch):
    (tmp_path / "clients").mkdir()
    monkeypatch.chdir(tmp_path)
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    try:
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--port", str(port)])
    finally:
        taken.close()
    assert result.exit_code == 1
    assert result.stderr == f"quotegen serve: cannot listen on 127.0.0.1:{port}: the port is in use (another server? choose another --port)\n"


def test_a_missing_path_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["serve", "nowhere"])
    assert result.exit_code == 2
    assert "Invalid value for PATHS: nowhere not found" in result.stderr


def test_a_render_that_fails_or_crashes_is_shown_and_the_server_goes_on(tmp_path, monkeypatch):
    """In-process: a theme that fails on the quote, then a bug, each shown as the CLI says it."""
    from quotegen import api
    from quotegen.output.serve_previews import Previews

    (tmp_path / "clients").mkdir()
    (tmp_path / "clients" / "a.yaml").write_text(three_roles(), encoding="utf-8")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "proposal.html.j2").write_text("<p>{{ no_such_name }}</p>\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    logged: list[str] = []
    previews = Previews([Path("clients")], tmp_path, None, logged.append)
    preview = previews.page("a")
    cli = CliRunner().invoke(main, ["render", "clients/a.yaml", "-f", "html", "-o", "out"])
    assert preview.status == "failed"
    assert list(preview.problems) == cli.stderr.splitlines()[:1]
    assert preview.problems == ("clients/a.yaml: render failed: templates/proposal.html.j2:1: 'no_such_name' is undefined",)

    def crash(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(api, "render_file", crash)
    previews.changed({str(tmp_path / "clients" / "a.yaml")}, set(), ["clients/a.yaml"])
    assert previews.get("a").problems == ("clients/a.yaml: internal error (ZeroDivisionError: division by zero); please report it",)
    assert logged[-1] == "clients/a.yaml: internal error (ZeroDivisionError: division by zero); please report it"


@pytest.mark.slow  # a real server in a subprocess
def test_the_latency_benchmark_prints_its_figure():
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "serve_latency.py"), "-n", "3"], capture_output=True, text=True, timeout=180,
    )
    assert result.returncode == 0, result.stderr
    figure = re.search(r"edit to new preview: median ([\d.]+) s", result.stdout)
    assert figure, result.stdout
    assert float(figure.group(1)) < 1.5  # the contract of issue #15
