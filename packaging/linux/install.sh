#!/usr/bin/env bash
# Installs this Woodrush Attendance folder for the current user, without administrator rights:
# the program under ~/.local/opt, `woodrush` and `woodrush-desktop` in ~/.local/bin, the menu
# entry and the icon. Run it again from a newer folder to upgrade. The officer's data (the
# database, its backups and the logs, in ~/.local/share/Woodrush Attendance and
# ~/.local/state/Woodrush Attendance) is never touched, by an upgrade or by --uninstall.
#
#   ./install.sh               install or upgrade from the folder this script is in
#   ./install.sh --uninstall   remove the program, leaving the data
set -euo pipefail

source_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
data_home="${XDG_DATA_HOME:-$HOME/.local/share}"
target="$HOME/.local/opt/woodrush-attendance"
bin_dir="$HOME/.local/bin"
entry="$data_home/applications/woodrush-attendance.desktop"
icon="$data_home/icons/hicolor/scalable/apps/woodrush-attendance.svg"

uninstall() {
    rm -f "$bin_dir/woodrush" "$bin_dir/woodrush-desktop" "$entry" "$icon"
    rm -rf "$target"
    echo "Removed Woodrush Attendance. Your data is still in $data_home/Woodrush Attendance."
}

install_here() {
    if [ ! -x "$source_dir/woodrush-desktop" ]; then
        echo "install.sh: run me from inside the woodrush-attendance folder" >&2
        exit 2
    fi
    if [ "$source_dir" != "$target" ]; then
        local staging="$target.new"
        rm -rf "$staging"
        mkdir -p "$(dirname "$target")"
        cp -a "$source_dir" "$staging"
        rm -rf "$target"
        mv "$staging" "$target"
    fi
    mkdir -p "$bin_dir" "$(dirname "$entry")" "$(dirname "$icon")"
    ln -sf "$target/woodrush" "$bin_dir/woodrush"
    ln -sf "$target/woodrush-desktop" "$bin_dir/woodrush-desktop"
    install -m 644 "$target/woodrush-attendance.svg" "$icon"
    sed -e "s|^Exec=.*|Exec=\"$target/woodrush-desktop\"|" \
        -e "s|^TryExec=.*|TryExec=$target/woodrush-desktop|" \
        "$target/woodrush-attendance.desktop" > "$entry"
    command -v update-desktop-database >/dev/null 2>&1 \
        && update-desktop-database -q "$(dirname "$entry")" || true
    echo "Installed Woodrush Attendance $("$target/woodrush" --version | awk '{print $2}') in $target."
}

case "${1:-}" in
    --uninstall) uninstall ;;
    "") install_here ;;
    *) echo "usage: install.sh [--uninstall]" >&2; exit 2 ;;
esac
