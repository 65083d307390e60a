"""The demo exports, written once per test run and read back as the importer would see them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from woodrush_desktop.demo import write_demo_exports
from woodrush_desktop.domain.attendance import Mark

DETAIL_COLUMNS = 28


@dataclass
class ReadExport:
    """One export as rows of cells: the title rows, the header and one row per pupil."""

    path: Path
    rows: list[list]

    @property
    def header(self) -> list[str]:
        return self.rows[3]

    @property
    def pupils(self) -> list[list]:
        return self.rows[4:]

    @property
    def session_headers(self) -> list[str]:
        return self.header[DETAIL_COLUMNS:]

    def column(self, name: str) -> list:
        index = self.header.index(name)
        return [row[index] for row in self.pupils]

    def by_upn(self) -> dict[str, list]:
        return {row[0]: row for row in self.pupils}

    def marks(self, row: list) -> list[Mark]:
        return [
            Mark(_day(header), header[-2:], code)
            for header, code in zip(self.session_headers, row[DETAIL_COLUMNS:], strict=True)
        ]


def _day(header: str) -> date:
    day, month, year = header[:10].split("/")
    return date(int(year), int(month), int(day))


def read_export(path: Path) -> ReadExport:
    workbook = CalamineWorkbook.from_path(str(path))
    return ReadExport(path, workbook.get_sheet_by_name("Attendance").to_python())


@pytest.fixture(scope="session")
def demo_files(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return write_demo_exports(tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="session")
def earlier(demo_files: list[Path]) -> ReadExport:
    return read_export(demo_files[0])


@pytest.fixture(scope="session")
def later(demo_files: list[Path]) -> ReadExport:
    return read_export(demo_files[1])


@pytest.fixture(scope="session")
def reader():
    """Read any demo export written by a test."""
    return read_export
