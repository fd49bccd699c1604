"""The renderer's only way to load a resource: local theme and workspace files, or data URLs.

WeasyPrint's default fetcher follows http(s), ftp and file URLs anywhere, so a value that
reaches a `src`, `href` or CSS `url()` could read /etc/passwd or call a cloud metadata
address. This fetcher fails closed: anything that is not a data URL or a file inside the
allowed roots is refused and recorded, and the render is then rejected as a whole.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

MAX_RESOURCE_BYTES = 20_000_000


class SafeFetcher(URLFetcher):
    """Serves file URLs under `roots` and data URLs; refuses everything else."""

    def __init__(self, roots: tuple[Path, ...], search: tuple[Path, ...] = (), files: tuple[Path, ...] = ()):
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False, timeout=1)
        self.roots = tuple(Path(root).resolve() for root in roots)
        self.files = frozenset(Path(f).resolve() for f in files)  # single files allowed (the logo)
        # Theme directories, workspace first: a relative URL resolved against one of them
        # is looked up in each in turn, as templates are.
        self.search = tuple(Path(d).resolve() for d in search)
        self.refused: list[str] = []

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            path = self._allowed_path(url)
            if path is not None:
                mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": mime})
        self.refused.append(url[:120])
        raise ValueError(f"resource refused (outside the theme and workspace): {url[:120]}")

    def allows(self, url: str) -> bool:
        """Whether `url` is one this fetcher would serve; the print HTML is checked with it."""
        scheme = urlsplit(url).scheme.lower()
        return scheme == "data" or (scheme == "file" and self._allowed_path(url) is not None)

    def _allowed_path(self, url: str) -> Path | None:
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            return None
        try:
            path = Path(url2pathname(unquote(parts.path))).resolve()
        except (OSError, ValueError):
            return None
        path = self._in_theme(path)
        if not path.is_file() or path.stat().st_size > MAX_RESOURCE_BYTES:
            return None
        if path in self.files or any(path.is_relative_to(root) for root in self.roots):
            return path
        return None

    def _in_theme(self, path: Path) -> Path:
        for directory in self.search:
            if path.is_relative_to(directory):
                relative = path.relative_to(directory)
                for candidate_dir in self.search:
                    candidate = (candidate_dir / relative).resolve()
                    if candidate.is_file() and candidate.is_relative_to(candidate_dir):
                        return candidate
        return path
