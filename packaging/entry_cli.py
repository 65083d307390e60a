"""The console executable `woodrush`: the command line, frozen beside the window."""

import sys

from woodrush_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
