"""The windowed executable `woodrush-desktop`: the officer's window."""

import sys

from woodrush_desktop.__main__ import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
