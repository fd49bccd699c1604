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

    def __init__(self, roots: tuple[Path, ...]):
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False, timeout=1)
        self.roots = tuple(Path(root).resolve() for root in roots)
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

    def _allowed_path(self, url: str) -> Path | None:
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            return None
        try:
            path = Path(url2pathname(unquote(parts.path))).resolve()
        except (OSError, ValueError):
            return None
        if not path.is_file() or path.stat().st_size > MAX_RESOURCE_BYTES:
            return None
        if any(path.is_relative_to(root) for root in self.roots):
            return path
        return None
