"""Reading MIS register exports into snapshots: every shape, checked, all or nothing."""

from woodrush_desktop.importing.headers import FIELD_LABELS, header_signature
from woodrush_desktop.importing.importer import ImportResult, import_file
from woodrush_desktop.importing.problems import ImportRefused, MappingNeeded, Problem
from woodrush_desktop.importing.quality import QualityReport
from woodrush_desktop.importing.reading import list_sheets

__all__ = [
    "FIELD_LABELS",
    "ImportRefused",
    "ImportResult",
    "MappingNeeded",
    "Problem",
    "QualityReport",
    "header_signature",
    "import_file",
    "list_sheets",
]
