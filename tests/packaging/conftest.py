"""Fixtures for the bundle tests: the built bundle, and a school imported through it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bundle_runner import build_bundle, woodrush


@pytest.fixture(scope="session")
def bundle() -> Path:
    return build_bundle()


@pytest.fixture
def demo_school(bundle, tmp_path) -> Path:
    """A database with the demo register imported through the bundled command line."""
    export = tmp_path / "demo.xlsx"
    database = tmp_path / "school" / "woodrush.db"
    woodrush(bundle, "demo", str(export), "--pupils", "60", "--as-of", "2026-11-27")

    result = woodrush(bundle, "import", str(export), "--db", str(database), "--json")

    imported = json.loads(result.stdout)
    assert imported["errors"] == []
    assert imported["pupils"] == 60
    assert imported["as_of"] == "2026-11-27"
    return database
