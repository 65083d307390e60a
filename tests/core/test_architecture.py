"""The layer contracts are real: a non-interface module importing Qt breaks the build."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def run_contracts(tree: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def tree(tmp_path):
    copy = tmp_path / "tree"
    shutil.copytree(
        ROOT / "woodrush_desktop",
        copy / "woodrush_desktop",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    return copy


def test_the_contracts_hold_for_the_code_as_it_is(tree):
    result = run_contracts(tree)

    assert result.returncode == 0, result.stdout + result.stderr


def test_a_domain_module_importing_qt_fails_the_contract(tree):
    module = tree / "woodrush_desktop" / "domain" / "attendance.py"
    module.write_text("from PySide6 import QtCore  # noqa\n" + module.read_text())

    result = run_contracts(tree)

    assert result.returncode != 0
    assert "Only the interface package imports Qt BROKEN" in result.stdout


def test_the_store_importing_the_interface_fails_the_contract(tree):
    module = tree / "woodrush_desktop" / "store" / "models.py"
    module.write_text("import woodrush_desktop.gui.tasks  # noqa\n" + module.read_text())

    result = run_contracts(tree)

    assert result.returncode != 0
    assert "BROKEN" in result.stdout
