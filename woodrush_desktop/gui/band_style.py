"""How a band or group looks: its policy colour, always with its symbol and its text label.

The colour alone never carries the meaning; the symbol drawn on the swatch and the label beside
it do, so the window reads the same for colour-blind users and in greyscale.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPen, QPixmap

from woodrush_desktop.domain.policy import Responsibilities

ICON_SIZE = 18


def text_colour_on(background: str) -> QColor:
    """Black or white, whichever reads better on the background (WCAG relative luminance)."""
    colour = QColor(background)

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    luminance = (
        0.2126 * channel(colour.redF())
        + 0.7152 * channel(colour.greenF())
        + 0.0722 * channel(colour.blueF())
    )
    return QColor("#000000") if luminance > 0.179 else QColor("#FFFFFF")


def tint(colour: str, strength: float = 0.28) -> QColor:
    """A light tint of a policy colour, for row backgrounds that keep black text readable."""
    base = QColor(colour)
    return QColor(
        round(255 + (base.red() - 255) * strength),
        round(255 + (base.green() - 255) * strength),
        round(255 + (base.blue() - 255) * strength),
    )


@cache
def swatch_pixmap(colour: str, symbol: str, size: int = ICON_SIZE, ratio: float = 1.0) -> QPixmap:
    """A rounded square in the colour, with the symbol drawn in the contrasting ink."""
    pixmap = QPixmap(round(size * ratio), round(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    rect = QRectF(0.5, 0.5, size - 1, size - 1)
    painter.setPen(QPen(QColor("#333333"), 1))
    painter.setBrush(QColor(colour))
    painter.drawRoundedRect(rect, 3, 3)
    if symbol:
        font = QFont()
        font.setPixelSize(round(size * 0.66))
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(text_colour_on(colour))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, symbol)
    painter.end()
    return pixmap


def swatch_for(widget, colour: str, symbol: str, size: int = ICON_SIZE) -> QPixmap:
    """A swatch drawn at the widget's screen's pixel ratio, sharp on high-DPI screens."""
    return swatch_pixmap(colour, symbol, size, max(1.0, widget.devicePixelRatioF()))


def owner_icon(owner: Responsibilities, size: int = ICON_SIZE) -> QIcon:
    """The icon of a band or group, drawn sharp at 1× and 2× for high-DPI screens."""
    icon = QIcon()
    for ratio in (1.0, 2.0):
        icon.addPixmap(swatch_pixmap(owner.colour, owner.symbol, size, ratio))
    return icon


def group_short_labels() -> dict[str, str]:
    """Short badges for the table, where the policy's full group headings do not fit."""
    return {"send_medical": "SEND/medical", "social_worker": "Social worker"}
