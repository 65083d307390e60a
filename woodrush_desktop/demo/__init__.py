"""The synthetic demo school: a believable MIS register export with no real pupil in it.

`write_demo_export` writes one export up to a day; `write_demo_exports` writes the two weekly
exports the demo imports, so that movers and trends show.
"""

from woodrush_desktop.demo.export import demo_school, write_demo_export, write_demo_exports

__all__ = ["demo_school", "write_demo_export", "write_demo_exports"]
