"""Shared fixtures: the built-in provider, a reusable renderer, small client files."""

from __future__ import annotations

from pathlib import Path

import pytest

from quotegen.api import build_quote, load_client
from quotegen.input.provider import load_config

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parent.parent
CLIENTS = ROOT / "clients"


@pytest.fixture(scope="session")
def config():
    """The built-in sample provider (no workspace quotegen.yaml)."""
    return load_config(None)


@pytest.fixture(scope="session")
def renderer(config):
    from quotegen.render.renderer import Renderer

    return Renderer(config, workspace=None)


@pytest.fixture
def quote_of(config, tmp_path):
    """Build a quote from YAML text: the shortest path from a fixture to figures."""

    def build(text: str, name: str = "client.yaml"):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return build_quote(load_client(path, config).client_file, config)

    return build


def client_yaml(roles: str, *, country="US", region="TX", date="2026-11-28", basis="fully_loaded", extra_client="") -> str:
    """A minimal client file around the given roles block."""
    return f"""client:
  name: Test Co
  country: {country}
  region: {region}
{extra_client}proposal:
  date: {date}
  prepared_by: Tester
  cost_basis: {basis}
roles:
{roles}"""
