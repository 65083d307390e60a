"""The committed icons are the SVG's renderings, at every size the platforms ask for."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from PIL import Image, ImageChops

ROOT = Path(__file__).resolve().parents[2]
ICONS = ROOT / "resources" / "icons"


@pytest.fixture
def make_icons(qapp):
    script = ROOT / "packaging" / "make_icons.py"
    spec = importlib.util.spec_from_file_location("make_icons", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_windows_icon_holds_every_size_up_to_256():
    with Image.open(ICONS / "woodrush.ico") as ico:
        sizes = ico.info["sizes"]

    assert {(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)} <= sizes


def test_the_committed_pngs_are_renderings_of_the_committed_svg(make_icons, tmp_path):
    make_icons.make_icons(ICONS / "woodrush.svg", tmp_path)

    for size in make_icons.PNG_SIZES:
        name = f"woodrush-{size}.png"
        with Image.open(ICONS / name) as committed, Image.open(tmp_path / name) as fresh:
            assert committed.size == (size, size)
            difference = ImageChops.difference(committed.convert("RGBA"), fresh.convert("RGBA"))
            largest = max(high for _low, high in difference.getextrema())
            assert largest <= 8, f"{name} differs from the SVG: run packaging/make_icons.py"
