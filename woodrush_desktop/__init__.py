"""Woodrush Attendance: the attendance officer's desktop application."""

from importlib import metadata

try:
    __version__ = metadata.version("woodrush-attendance")
except metadata.PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"

APP_NAME = "Woodrush Attendance"
APP_AUTHOR = "Woodrush High School"
