#!/usr/bin/env bash
# Sets up everything Woodrush Attendance needs on a Debian/Ubuntu machine, idempotently:
# the system libraries Qt needs (installed when run as root, otherwise the exact apt-get line
# is printed), a virtual environment in .venv, and the project with its dependencies.
# Sourced by run-app.sh and run-tests.sh; safe to run on its own.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$here/.venv"
python="${PYTHON:-python3}"

# Qt's xcb/offscreen platforms, fonts and D-Bus; python3-venv for ensurepip; poppler for checks.
system_packages=(libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libglib2.0-0
    libdbus-1-3 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
    libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 xvfb xauth poppler-utils
    python3-venv)

missing_system_packages() {
    command -v dpkg-query >/dev/null 2>&1 || return 0
    local package
    for package in "${system_packages[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
            || echo "$package"
    done
}

install_system_packages() {
    local missing
    missing="$(missing_system_packages | tr '\n' ' ')"
    [ -z "${missing// /}" ] && return 0
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "Installing system packages: $missing"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
    else
        echo "Some system libraries Qt needs are missing. Install them with:" >&2
        echo "    sudo apt-get install -y $missing" >&2
        echo "then run this command again." >&2
        exit 3
    fi
}

make_venv() {
    # Skip pip when pyproject.toml has not changed since the last successful install.
    local stamp="$venv/.woodrush-installed"
    local want
    want="$(cat "$here/pyproject.toml" | sha256sum | cut -d' ' -f1)"
    if [ -x "$venv/bin/python" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        return 0
    fi
    [ -x "$venv/bin/python" ] || "$python" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --upgrade pip
    "$venv/bin/python" -m pip install --quiet -e "$here[dev,packaging]"
    echo "$want" > "$stamp"
}

"$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
    echo "Woodrush Attendance needs Python 3.11 or newer; $("$python" --version) found." >&2
    exit 3
}
install_system_packages
make_venv
