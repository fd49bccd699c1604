"""Long proposals paginate cleanly, and the same input gives the same bytes in any process."""

from __future__ import annotations

import io
import re
import subprocess
import sys

import pytest
from pypdf import PdfReader

from .conftest import CLIENTS, client_yaml

pytestmark = pytest.mark.slow  # long PDFs and renders in separate processes: `make test-fast` leaves it out

FAMILIES = ["admin", "customer_service", "data_entry", "bookkeeping", "marketing", "design", "hr", "it_support", "software", "sales"]


@pytest.fixture(scope="module")
def long_pdf(tmp_path_factory, config, renderer):
    from quotegen.api import build_quote, load_client

    roles = "".join(
        f"  - {{title: Role {i:02d} {FAMILIES[i % 10].replace('_', ' ')}, family: {FAMILIES[i % 10]}, salary: {40000 + 1750 * i}"
        f"{', on_site: true' if i % 7 == 3 else ''}{', headcount: 2' if i % 4 == 0 else ''}}}\n"
        for i in range(30)
    )
    path = tmp_path_factory.mktemp("long") / "long.yaml"
    path.write_text(client_yaml(roles))
    loaded = load_client(path, config)
    quote = build_quote(loaded.client_file, config)
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(renderer.pdf(quote))).pages]
    return quote, pages


def _section(pages, start, end):
    """The pages from a chapter's heading to the next one's (the cover aside)."""
    first = next(i for i, text in enumerate(pages) if start in text and i > 0)
    last = next(i for i, text in enumerate(pages) if end in text and i >= first)
    return list(range(first, last + 1))


def test_a_thirty_role_comparison_repeats_its_header_and_leaves_three_rows_each_side(long_pdf):
    from quotegen.render.formatting import Formatter

    quote, pages = long_pdf
    fmt = Formatter("en_US", "USD")
    span = _section(pages, "Cost comparison by role", "Amounts in ")  # the table, to the note under it
    assert len(span) >= 2, "the table should cross a page"
    for index in span:
        table_part = pages[index].split("Amounts in ")[0]
        if any(role.title in table_part for role in quote.roles):
            assert "IN-HOUSE / YEAR" in table_part, f"page {index + 1} lacks the table header"
    for role in quote.roles:
        holding = [i for i in span if role.title in pages[i] and fmt.money(role.in_house.annual) in pages[i]]
        assert holding, f"{role.title} and its amount are not on one page"
    # At least three rows on each page the table crosses, and the total beside its last rows.
    for index in span:
        table_part = pages[index].split("Amounts in ")[0]
        rows = [role for role in quote.roles if role.title + "\n" in table_part or role.title + " " in table_part]
        if rows or "Total" in table_part:
            assert len(rows) >= 3, f"page {index + 1} holds {len(rows)} rows of the table"


def test_each_role_breakdown_stays_on_one_page(long_pdf):
    quote, pages = long_pdf
    span = _section(pages, "Cost breakdown per role", "The outsourcing models explained")
    for role in quote.roles:
        if role.recommendation.model == "in_house":
            continue  # a role kept in-house is one line, no table
        heading = [i for i in span if re.search(rf"{re.escape(role.title)} · (\d (person|people) · )?salary", pages[i])]
        assert len(heading) == 1, role.title
        page = pages[heading[0]]
        after = page[page.index(role.title + " ·"):]
        assert "Annual saving for this role" in after, f"{role.title}'s table is split"


def test_renders_in_separate_processes_are_byte_identical(tmp_path):
    outputs = []
    for run in ("a", "b"):
        out = tmp_path / run
        subprocess.run(
            [sys.executable, "-m", "quotegen.cli", "render", str(CLIENTS / "maple-ridge-dental.yaml"), "-o", str(out), "-f", "pdf", "-f", "html"],
            check=True,
            capture_output=True,
            cwd=tmp_path,
        )
        outputs.append(((out / "maple-ridge-dental.pdf").read_bytes(), (out / "maple-ridge-dental.html").read_bytes()))
    assert outputs[0] == outputs[1]


def test_the_bytes_do_not_depend_on_where_the_theme_is_installed(tmp_path, config, renderer):
    import shutil

    from quotegen.api import build_quote, load_client
    from quotegen.data.tables import builtin_theme_dir
    from quotegen.render.renderer import Renderer

    shutil.copytree(builtin_theme_dir(), tmp_path / "templates", ignore=shutil.ignore_patterns("__pycache__"))
    quote = build_quote(load_client(CLIENTS / "maple-ridge-dental.yaml", config).client_file, config)
    elsewhere = Renderer(config, workspace=tmp_path)
    assert elsewhere.theme.dirs[0] == (tmp_path / "templates").resolve()
    assert elsewhere.pdf(quote) == renderer.pdf(quote)
