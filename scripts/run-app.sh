#!/usr/bin/env bash
# Sets everything up, then opens Woodrush Attendance. With --demo (the default on a first run)
# it generates the synthetic demo school and imports it through the normal import path into a
# separate demo database, so a first look never touches real data.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$here/scripts/bootstrap.sh"
exec "$here/.venv/bin/python" -m woodrush_desktop "$@"
