"""Starting points: a commented client file (`quotegen new`) and a workspace (`quotegen init`)."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from quotegen.data.tables import data_file
from quotegen.errors import InputError
from quotegen.input.document import Document, Location

CLIENT_TEMPLATE = """\
# yaml-language-server: $schema={schema}
# A quotegen client file. Run `quotegen validate {file}` to check it and
# `quotegen render {file}` to make the proposal. Fields marked optional can go.
client:
  name: {name}
  country: US              # US or CA
  region: TX               # the state or province's two-letter postal code
  # currency: USD          # optional: USD in the US, CAD in Canada
  # locale: en_US          # optional: en_US, en_CA or fr_CA (French document)
  contact: {{name: Jane Doe, email: jane@example.com, title: Operations Manager}}   # optional
  # annual_payroll: 1500000  # optional: the company's payroll without these roles (Canadian health taxes)
  # employees: 40            # optional: company size (some state programmes start at a size)
proposal:
  date: {date}          # decides the tax year of every rate
  valid_days: 30
  prepared_by: Your Name
  cost_basis: fully_loaded # or salary_only, to compare salaries alone
  # revision: 1            # part of the quote number
  # years: 3               # horizon of the cost of ownership
roles:
  - title: Customer service representative
    family: customer_service   # a role family of the rate card: {families}
    seniority: mid             # junior | mid | senior | lead
    headcount: 2
    salary: 42830              # annual base salary of one in-house employee
    hours_per_week: 40
    # on_site: false           # true: the work must be done on the client's premises
    # remote: false            # true: works from home; everyone else is charged office space
    # work: role               # role | process | knowledge | project | task
    # duration_months: 6       # omit for ongoing work
    # overlap_hours: 4         # hours shared with the client's 9-to-5
    # languages: [en]
  - title: Bookkeeping
    family: bookkeeping
    salary: 49210
    work: process              # a defined process: may be bought as a service
    # third_party_quote: {{annual: 17000, model: bpo, provider: Local Books LLC}}
"""

WORKSPACE_README = """\
# A quotegen workspace

- `quotegen.yaml`: the provider's brand, rate card and delivery centres. Each top-level
  section given here replaces quotegen's built-in sample one.
- `clients/`: one YAML file per prospect (`quotegen new NAME` writes a commented one).
- `templates/`: files here are used instead of quotegen's own theme files of the same
  name. `brand.css` is added after the built-in styles; to change a template, copy it
  from quotegen's theme and edit the copy. Fonts go in `templates/fonts/`.

Build every proposal into `output/` with `quotegen build`, or one with
`quotegen render clients/NAME.yaml`. The example client still has placeholder text (a
contact and a preparer): `build` and `render` refuse it until it is replaced, and
`quotegen build --draft` builds it as is, with DRAFT on every page. `quotegen schema > client.schema.json` gives editors
the schema to complete and check the client files.
"""

BRAND_CSS = """\
/* Added after quotegen's own styles: change what you like. For example: */
h2 { letter-spacing: 0.4pt; }
"""


# What `quotegen new` writes for the user to replace (CLIENT_TEMPLATE above): a proposal that
# still carries it is a draft. `validate` warns; `render` and `build` refuse it unless --draft;
# `issue` always refuses it (an issued quote is never a draft).
PLACEHOLDER_NAMES = ("Your Name", "Jane Doe")
PLACEHOLDER_DOMAINS = ("example.com", "example.org", "example.net")  # RFC 2606's example domains
_EMAIL = re.compile(r"[\w.+-]+@([\w-]+\.)*(" + "|".join(re.escape(d) for d in PLACEHOLDER_DOMAINS) + r")\b", re.IGNORECASE)
# The advice names the command that refuses (render or build), so the user reruns that one.
PLACEHOLDER_ADVICE = "replace it, or {command} with --draft to stamp every page DRAFT"
# `issue` has no --draft: the only way on is to replace the text.
ISSUE_ADVICE = "replace it before issuing"


def placeholders(document: Document, command: str = "render") -> list[InputError]:
    """Every placeholder of the starting file left in a client file, as problems in it;
    the advice tells how to `command` (render, build) it as a draft instead, or, for
    issue, to replace it."""
    advice = ISSUE_ADVICE if command == "issue" else PLACEHOLDER_ADVICE.format(command=command)
    found = []
    for loc, value in _strings(document.data, ()):
        if value.strip().casefold() in (name.casefold() for name in PLACEHOLDER_NAMES):
            message = f"{value.strip()!r} is placeholder text from quotegen new; {advice}"
        elif (match := _EMAIL.search(value)) is not None:
            message = f"{match.group(0)!r} is a placeholder address ({match.group(2).lower()} is reserved for examples); {advice}"
        else:
            continue
        line, column = document.locate(loc) or (None, None)
        found.append(InputError(document.path, message, line, column, ".".join(map(str, loc)) or None))
    return found


def _strings(data: object, loc: Location):
    """Each string value of the document with where it stands."""
    if isinstance(data, str):
        yield loc, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, loc + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, loc + (index,))


def slug(name: str) -> str:
    """A file name for a client: lower case, words joined by hyphens."""
    text = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    return text[:60] or "client"


def client_file_text(name: str, file_name: str, schema_ref: str, today: dt.date) -> str:
    families = ", ".join(sorted(k for k, v in data_file("provider.yaml")["rate_card"].items() if "mid" in v))
    safe_name = name.replace('"', "'")
    return CLIENT_TEMPLATE.format(name=f'"{safe_name}"', file=file_name, date=today.isoformat(), families=families, schema=schema_ref)


def new_client(name: str, directory: Path, today: dt.date | None = None) -> Path:
    """Write a commented client file; refuses to overwrite one that exists."""
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / f"{slug(name)}.yaml"
    if target.exists():
        raise FileExistsError(target)
    reference = schema_reference(directory)
    if reference is None:  # no schema anywhere the file can see: it gets its own, beside it
        from quotegen.input.json_schemas import as_text, client_schema

        (directory / SCHEMA_NAME).write_text(as_text(client_schema()), encoding="utf-8")
        reference = SCHEMA_NAME
    target.write_text(client_file_text(name, str(target), reference, today or dt.date.today()), encoding="utf-8")
    return target


SCHEMA_NAME = "client.schema.json"
# The schema committed in quotegen's own checkout (absent from an installed wheel).
CHECKOUT_SCHEMA = Path(__file__).resolve().parents[2] / "docs" / SCHEMA_NAME


def schema_reference(directory: Path) -> str | None:
    """Where the client schema is, seen from a client file in `directory`: the one in it or
    beside it (a workspace's, next to clients/), else the one `quotegen schema >
    client.schema.json` wrote in the current folder, else the one in quotegen's checkout
    (docs/); None when there is none of these (`new_client` then writes one beside the file)."""
    start = directory.resolve()
    candidates = (start / SCHEMA_NAME, start.parent / SCHEMA_NAME, Path.cwd().resolve() / SCHEMA_NAME, CHECKOUT_SCHEMA)
    found = next((path for path in candidates if path.is_file()), None)
    return None if found is None else Path(os.path.relpath(found, start)).as_posix()


def init_workspace(directory: Path, today: dt.date | None = None) -> list[Path]:
    """Create the files of a workspace that are missing; never overwrites."""
    from quotegen.input.json_schemas import as_text, client_schema

    from importlib import resources

    provider = resources.files("quotegen").joinpath("data", "provider.yaml").read_text(encoding="utf-8")
    files = {
        directory / "quotegen.yaml": provider.replace("# The built-in provider", "# Your provider configuration, starting from quotegen's built-in sample", 1),
        directory / "README.md": WORKSPACE_README,
        directory / "templates" / "brand.css": BRAND_CSS,
        directory / "client.schema.json": as_text(client_schema()),
        directory / "clients" / "example-client.yaml": client_file_text(
            "Example Client Inc.", "clients/example-client.yaml", "../client.schema.json", today or dt.date.today()
        ),
    }
    created = []
    for path, text in files.items():
        if path.exists():
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        created.append(path)
    return created
