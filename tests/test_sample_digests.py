"""The samples' PDFs, byte for byte: a refactoring must not change a single byte.

The digests in fixtures/sample-digests.json change only on purpose: after a deliberate
change to the document, run `python tools/pin_digests.py` and commit the new digests with
the change that explains them.
"""

from __future__ import annotations

import hashlib
import json

import pytest

from quotegen.api import build_quote, load_client, render_formats
from quotegen.input.provider import load_config
from quotegen.render.renderer import Renderer

from .conftest import FIXTURES, ROOT

pytestmark = pytest.mark.slow  # renders every sample's PDF: `make test-fast` leaves it out

PINNED = json.loads((FIXTURES / "sample-digests.json").read_text(encoding="utf-8"))


def sample_pdf(relative: str) -> bytes:
    """Render one sample as `make demo` does: its workspace is the directory above clients/."""
    path = ROOT / relative
    workspace = path.parent.parent
    config = load_config(workspace)
    loaded = load_client(path, config)
    quote = build_quote(loaded.client_file, config)
    return render_formats(quote, Renderer(config, workspace), ("pdf",), client_source=loaded.source_text)["pdf"]


@pytest.mark.parametrize("relative", sorted(PINNED))
def test_sample_pdf_is_byte_identical_to_the_pinned_one(relative):
    assert hashlib.sha256(sample_pdf(relative)).hexdigest() == PINNED[relative]


def test_every_sample_is_pinned():
    samples = sorted(str(p.relative_to(ROOT)) for p in [*ROOT.glob("clients/*.yaml"), *ROOT.glob("examples/*/clients/*.yaml")])
    assert sorted(PINNED) == samples
