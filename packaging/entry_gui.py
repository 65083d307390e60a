"""The windowed executable `woodrush-desktop`: the officer's window."""

import os
import sys
from pathlib import Path


def _give_a_windowed_program_somewhere_to_write() -> None:
    """Point a missing stdout or stderr at the null device.

    A windowed Windows program starts with both set to None, so `--help`, or a traceback the
    exception hook prints, would itself raise. The log file keeps what matters.
    """
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, Path(os.devnull).open("w", encoding="utf-8"))  # noqa: SIM115


_give_a_windowed_program_somewhere_to_write()

from woodrush_desktop.__main__ import main  # noqa: E402 - after the streams exist

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
