"""The licences of everything the application carries: the font, Python, Qt and the libraries.

The About dialog lists them, and the bundle carries each text, which the LGPL asks of anyone
who passes Qt on. The libraries are found by walking the package's own requirements in the
installed metadata, so a new dependency is listed without anyone remembering to add it.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from woodrush_desktop.paths import resource

DISTRIBUTION = "woodrush-attendance"
LICENCE_FOLDER = "licences"

# PySide6 and shiboken6 wheels name their licence but carry no text; we ship the texts.
_SHIPPED_TEXTS = {
    "LGPL-3.0": ("LGPL-3.0.txt", "GPL-3.0.txt"),
}
_LICENCE_FILE_NAMES = ("LICENSE", "LICENSE.txt", "LICENSE.md", "LICENCE", "LICENCE.rst", "COPYING")
_MIT_WORDING = "permission is hereby granted, free of charge"


@dataclass(frozen=True)
class Licence:
    """One component the application carries and the terms it comes under."""

    component: str
    version: str
    licence: str
    url: str | None
    text: str | None

    def to_json(self) -> dict[str, str | None]:
        return {
            "component": self.component,
            "version": self.version,
            "licence": self.licence,
            "url": self.url,
        }


def licence_texts_dir() -> Path:
    """Licence texts no wheel carries: beside the bundle's files, or in `packaging/`."""
    bundled = getattr(sys, "_MEIPASS", None)
    if bundled:
        return Path(bundled) / LICENCE_FOLDER
    return Path(__file__).resolve().parent.parent / "packaging" / LICENCE_FOLDER


def bundled_licences() -> list[Licence]:
    """The font, Python, then every library the application needs, by name."""
    libraries = [_library_licence(dist) for dist in required_distributions()]
    libraries.sort(key=lambda licence: licence.component.lower())
    return [font_licence(), python_licence(), *libraries]


def font_licence() -> Licence:
    text_path = resource("fonts", "OFL.txt")
    text = text_path.read_text(encoding="utf-8") if text_path.is_file() else None
    return Licence(
        component="Noto Sans (font for letters)",
        version="",
        licence="OFL-1.1",
        url="https://notofonts.github.io/",
        text=text,
    )


def python_licence() -> Licence:
    return Licence(
        component="Python",
        version=".".join(str(part) for part in sys.version_info[:3]),
        licence="PSF-2.0",
        url="https://www.python.org/",
        text=_read_first(_python_licence_candidates()),
    )


def required_distributions(root: str = DISTRIBUTION) -> list[metadata.Distribution]:
    """The installed distributions `root` needs at run time, not counting itself or extras."""
    found: dict[str, metadata.Distribution] = {}
    pending = [root]
    while pending:
        name = _normalise(pending.pop())
        if name in found:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # a requirement for another platform, absent here
        found[name] = dist
        pending.extend(_runtime_requirements(dist))
    found.pop(_normalise(root), None)
    return list(found.values())


def _runtime_requirements(dist: metadata.Distribution) -> list[str]:
    names = []
    for requirement in dist.requires or []:
        name, _, marker = requirement.partition(";")
        if marker.strip() and not _marker_applies(marker.strip()):
            continue
        match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", name)
        if match:
            names.append(match.group(1))
    return names


def _marker_applies(marker: str) -> bool:
    """Whether a requirement's environment marker holds here, with no extra chosen.

    `packaging` evaluates it where it is installed (a development setup). The bundle has no
    `packaging`, and needs none: it carries metadata only for what it carries, so a
    requirement for another Python or platform is not found and is skipped.
    """
    if "extra" in marker:
        return False
    try:
        from packaging.markers import Marker
    except ImportError:
        return True
    return Marker(marker).evaluate({"extra": ""})


def _library_licence(dist: metadata.Distribution) -> Licence:
    meta = dist.metadata
    licence = describe_licence(dist)
    return Licence(
        component=meta["Name"],
        version=dist.version,
        licence=licence,
        url=_home_page(meta),
        text=_licence_text(dist, licence),
    )


def describe_licence(dist: metadata.Distribution) -> str:
    """The licence in a few words, from the metadata field that says it best."""
    meta = dist.metadata
    expression = meta.get("License-Expression")
    if expression:
        return expression.strip()
    declared = (meta.get("License") or "").strip()
    if declared and "\n" not in declared and len(declared) <= 60:
        return declared
    classifiers = [
        value.rsplit("::", 1)[-1].strip()
        for value in meta.get_all("Classifier") or []
        if value.startswith("License ::")
    ]
    if classifiers:
        return " / ".join(classifiers)
    text = _packaged_text(dist)
    if text and _MIT_WORDING in " ".join(text.lower().split()):
        return "MIT"
    return declared.splitlines()[0] if declared else "see the licence text"


def _home_page(meta: metadata.PackageMetadata) -> str | None:
    if meta.get("Home-page"):
        return meta["Home-page"]
    urls = meta.get_all("Project-URL") or []
    for preferred in ("homepage", "repository", "source", "code"):
        for value in urls:
            label, _, url = value.partition(",")
            if label.strip().lower() == preferred:
                return url.strip()
    return urls[0].partition(",")[2].strip() if urls else None


def _licence_text(dist: metadata.Distribution, licence: str) -> str | None:
    text = _packaged_text(dist)
    if text:
        return text
    for key, file_names in _SHIPPED_TEXTS.items():
        if key in licence:
            texts = [_read_first([licence_texts_dir() / name]) for name in file_names]
            return "\n\n".join(text for text in texts if text) or None
    return None


def _packaged_text(dist: metadata.Distribution) -> str | None:
    """The licence file a wheel ships in its metadata folder (PEP 639 or the older places)."""
    declared = dist.metadata.get_all("License-File") or []
    texts = [_read_dist_file(dist, name) for name in declared]
    if any(texts):
        return "\n\n".join(text for text in texts if text)
    for name in _LICENCE_FILE_NAMES:
        text = _read_dist_file(dist, name)
        if text:
            return text
    return None


def _read_dist_file(dist: metadata.Distribution, name: str) -> str | None:
    return dist.read_text(f"licenses/{name}") or dist.read_text(name)


def _python_licence_candidates() -> list[Path]:
    base = Path(sys.base_prefix)
    minor = f"python{sys.version_info.major}.{sys.version_info.minor}"
    return [
        licence_texts_dir() / "python" / "LICENSE.txt",
        base / "lib" / minor / "LICENSE.txt",
        base / "LICENSE.txt",
    ]


def _read_first(paths: list[Path]) -> str | None:
    for path in paths:
        if path.is_file():
            return path.read_text(encoding="utf-8", errors="replace")
    return None


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()
