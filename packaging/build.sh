#!/usr/bin/env bash
# Builds the Linux bundle: dist/woodrush-attendance/ with `woodrush-desktop` (the window) and
# `woodrush` (the command line) sharing one copy of Python, Qt and the resources. Sets up the
# environment first (scripts/bootstrap.sh, then the packaging extra), so it works on a clean
# machine, and is what CI and the bundle test run. Prints the unpacked size at the end.
#
#   packaging/build.sh [--dist DIR] [--work DIR] [--tarball]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dist="$here/dist"
work="$here/build/pyinstaller"
tarball=0
while [ $# -gt 0 ]; do
    case "$1" in
        --dist) dist="$2"; shift 2 ;;
        --work) work="$2"; shift 2 ;;
        --tarball) tarball=1; shift ;;
        -h|--help) sed -n '2,8p' "${BASH_SOURCE[0]}"; exit 0 ;;
        *) echo "build.sh: unknown option $1" >&2; exit 2 ;;
    esac
done

bash "$here/scripts/bootstrap.sh"
python="$here/.venv/bin/python"
if ! "$python" -c 'import PyInstaller' 2>/dev/null; then
    "$python" -m pip install --quiet -e "$here[packaging]"
fi

started=$(date +%s)
"$python" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$dist" --workpath "$work" "$here/packaging/woodrush.spec"
app="$dist/woodrush-attendance"

# The Linux desktop entry and icon travel with the folder, for an install under ~/.local.
install -m 644 "$here/packaging/linux/woodrush-attendance.desktop" "$app/"
install -m 644 "$here/resources/icons/woodrush.svg" "$app/woodrush-attendance.svg"
install -m 755 "$here/packaging/linux/install.sh" "$app/"

version="$("$app/woodrush" --version | awk '{print $2}')"
size_mb=$(du -sm "$app" | cut -f1)
echo "Built $app: version $version, ${size_mb} MB unpacked, in $(( $(date +%s) - started )) s."
if [ "$size_mb" -ge 200 ]; then
    echo "build.sh: the bundle is ${size_mb} MB; it must stay under 200 MB." >&2
    exit 1
fi

if [ "$tarball" = 1 ]; then
    archive="$dist/woodrush-attendance-$version-linux-x86_64.tar.gz"
    tar -C "$dist" -czf "$archive" woodrush-attendance
    echo "Packed $archive ($(du -m "$archive" | cut -f1) MB)."
fi
