"""Showing and printing a PDF made in memory: QtPdf for the preview, QPrinter for paper.

The printer gets the PDF's own pages rendered at its resolution, so what prints is what the
preview shows and what the letter log keeps.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QLabel, QStackedLayout, QWidget

from woodrush_desktop.progress import CancelledError

log = logging.getLogger(__name__)

MAX_PRINT_DPI = 300


class PdfError(RuntimeError):
    """A PDF that QtPdf cannot open (a bug in how it was made: ours are built in memory)."""


def open_pdf(data: bytes, parent=None) -> tuple[QPdfDocument, QBuffer]:
    """A QtPdf document over the bytes; keep the buffer alive as long as the document."""
    buffer = QBuffer(parent)
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument(parent)
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready:
        raise PdfError(f"the PDF could not be opened for preview ({document.error().name})")
    return document, buffer


class PdfPreview(QWidget):
    """Every page of a PDF, one under another, fitted to the width; a note when empty."""

    def __init__(self, parent: QWidget | None = None, empty_text: str = "") -> None:
        super().__init__(parent)
        self._document: QPdfDocument | None = None
        self._buffer: QBuffer | None = None
        self._blank = QPdfDocument(self)  # shown when cleared: QPdfView refuses no document
        self.view = QPdfView(self)
        self.view.setDocument(self._blank)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setAccessibleName("Preview of the letters")
        self.empty = QLabel(empty_text or "Nothing to preview yet.", self)
        self.empty.setWordWrap(True)
        self.empty.setMargin(24)
        self._stack = QStackedLayout(self)
        self._stack.addWidget(self.empty)
        self._stack.addWidget(self.view)

    def set_pdf(self, data: bytes) -> None:
        document, buffer = open_pdf(data, self)
        self.view.setDocument(document)
        self._release()
        self._document, self._buffer = document, buffer
        self._stack.setCurrentWidget(self.view)

    def clear(self, text: str | None = None) -> None:
        self.view.setDocument(self._blank)
        self._release()
        if text is not None:
            self.empty.setText(text)
        self._stack.setCurrentWidget(self.empty)

    def page_count(self) -> int:
        return self._document.pageCount() if self._document is not None else 0

    def _release(self) -> None:
        if self._document is not None:
            self._document.deleteLater()
        if self._buffer is not None:
            self._buffer.deleteLater()
        self._document = self._buffer = None


def print_pdf(
    data: bytes,
    printer: QPrinter,
    *,
    progress: Callable[[int, int, str], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> int:
    """Print every page of the PDF on `printer`, rendered at its resolution; returns pages.

    Safe in a worker thread (QPainter on a QPrinter is); `cancelled` is asked between pages,
    and a cancelled job is aborted so nothing half-printed is sent.
    """
    document, buffer = open_pdf(data)
    try:
        pages = document.pageCount()
        printer.setPageLayout(
            QPageLayout(
                QPageSize(QPageSize.PageSizeId.A4),
                QPageLayout.Orientation.Portrait,
                printer.pageLayout().margins(),
            )
        )
        printer.setFullPage(True)
        painter = QPainter()
        if not painter.begin(printer):
            raise PdfError("the printer could not be started")
        try:
            for index in range(pages):
                if cancelled is not None and cancelled():
                    printer.abort()
                    raise CancelledError
                if index:
                    printer.newPage()
                _draw_page(document, index, painter, printer)
                if progress is not None:
                    progress(index + 1, pages, f"Printing page {index + 1} of {pages}")
        finally:
            painter.end()
        log.info("printed %d pages", pages)
        return pages
    finally:
        document.close()
        buffer.close()


def _draw_page(document: QPdfDocument, index: int, painter: QPainter, printer: QPrinter) -> None:
    """One page scaled to the paper, rendered at up to 300 dpi (sharp print, bounded memory)."""
    target = QRectF(painter.viewport())
    size_points = document.pagePointSize(index)
    scale = min(target.width() / size_points.width(), target.height() / size_points.height())
    width, height = size_points.width() * scale, size_points.height() * scale
    dpi = min(printer.resolution(), MAX_PRINT_DPI)
    pixels = QSize(round(size_points.width() * dpi / 72), round(size_points.height() * dpi / 72))
    image = document.render(index, pixels)
    left = target.x() + (target.width() - width) / 2
    painter.drawImage(QRectF(left, target.y(), width, height), image)
