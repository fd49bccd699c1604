"""The JSON Schemas editors use, and the scaffolding commands."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from quotegen.cli import main
from quotegen.input.json_schemas import as_text, client_schema, provider_schema

ROOT = Path(__file__).parent.parent
SAMPLES = sorted(ROOT.glob("clients/*.yaml")) + sorted(ROOT.glob("examples/*/clients/*.yaml"))


def load12(text):
    """YAML as editors read it (YAML 1.2: `ON` is Ontario, not true)."""
    from quotegen.data.tables import _DataLoader

    return yaml.load(text, Loader=_DataLoader)


def json_ready(data):
    """YAML as editors see it: dates become the text they were written as."""
    if isinstance(data, dict):
        return {k: json_ready(v) for k, v in data.items()}
    if isinstance(data, list):
        return [json_ready(v) for v in data]
    return data.isoformat() if isinstance(data, dt.date) else data


def test_the_committed_schemas_are_current():
    assert (ROOT / "docs" / "client.schema.json").read_text() == as_text(client_schema())
    assert (ROOT / "docs" / "provider.schema.json").read_text() == as_text(provider_schema())


def test_schema_command_prints_the_client_schema():
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0
    assert result.stdout == as_text(client_schema())


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_every_sample_validates_against_the_schema(sample):
    jsonschema.Draft202012Validator.check_schema(client_schema())
    jsonschema.validate(json_ready(load12(sample.read_text())), client_schema())
    assert sample.read_text().startswith("# yaml-language-server: $schema=")


def test_the_schema_rejects_what_validation_rejects():
    bad = json_ready(load12((ROOT / "tests" / "fixtures" / "invalid" / "salary-misspelt.yaml").read_text()))
    with pytest.raises(jsonschema.ValidationError, match="salery"):
        jsonschema.validate(bad, client_schema())


def test_the_sample_brand_validates_against_the_provider_schema():
    jsonschema.validate(load12((ROOT / "quotegen" / "data" / "provider.yaml").read_text()), provider_schema())


def test_new_writes_a_commented_file_that_validates(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(main, ["new", "Acme Rockets, Inc."])
    assert (result.exit_code, result.stdout) == (0, "wrote clients/acme-rockets-inc.yaml\n")
    text = (tmp_path / "clients" / "acme-rockets-inc.yaml").read_text()
    assert 'name: "Acme Rockets, Inc."' in text and "# yaml-language-server: $schema=" in text
    assert runner.invoke(main, ["validate", "clients/acme-rockets-inc.yaml"]).exit_code == 0
    again = runner.invoke(main, ["new", "Acme Rockets, Inc."])
    assert (again.exit_code, again.stderr) == (1, "clients/acme-rockets-inc.yaml: already exists; nothing was written\n")


def test_init_creates_a_workspace_that_builds(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(main, ["init", "ws"])
    assert result.exit_code == 0
    for name in ("quotegen.yaml", "README.md", "templates/brand.css", "client.schema.json", "clients/example-client.yaml"):
        assert (tmp_path / "ws" / name).is_file(), name
    assert result.stdout.splitlines()[-1] == (
        "next: replace the placeholder text in ws/clients/example-client.yaml, then run `quotegen build` in ws"
        " (or `quotegen build --draft` to try it as it is)"
    )
    monkeypatch.chdir(tmp_path / "ws")
    # The example is a scaffold: refused as it is, built as a draft.
    refused = runner.invoke(main, ["build", "-j", "1", "-f", "json"])
    assert refused.exit_code == 1 and "'Jane Doe' is placeholder text from quotegen new" in refused.output
    built = runner.invoke(main, ["build", "-j", "1", "-f", "json", "--draft"])
    assert built.exit_code == 0, built.output
    assert runner.invoke(main, ["init", "."]).stdout == ".: already a workspace; nothing was written\n"
