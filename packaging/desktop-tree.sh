#!/usr/bin/env bash
# Assemble the freedesktop files of smarket_planner into DEST/share/: the desktop file, the
# AppStream metainfo, the MIME type of plan files and the icons, laid out as a desktop looks
# for them under /usr/share or ~/.local/share.
#
#   packaging/desktop-tree.sh DEST [RESOURCES]
#
# RESOURCES is the program's resources/ folder (by default the one of this source tree).
# packaging/install.sh installs such a tree for the current user; a distribution package can
# ship it under /usr as it is (its desktop file runs smarket-planner-gui from the PATH).
set -euo pipefail

APP_ID=io.github.smarketplanner.SmarketPlanner
SIZES=(16 24 32 48 64 128 256 512)

if [ $# -lt 1 ] || [ $# -gt 2 ] || [ -z "$1" ]; then
    echo "usage: $0 DEST [RESOURCES]" >&2
    exit 2
fi
dest=$1
resources=${2:-"$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/resources"}

missing=()
for file in "desktop/$APP_ID.desktop" "desktop/$APP_ID.metainfo.xml" "desktop/$APP_ID.xml" \
    icons/smarket-planner.svg; do
    [ -f "$resources/$file" ] || missing+=("$resources/$file")
done
for size in "${SIZES[@]}"; do
    file="$resources/icons/hicolor/${size}x${size}/apps/$APP_ID.png"
    [ -f "$file" ] || missing+=("$file")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "desktop-tree.sh: these files are missing (run packaging/render-icons.sh for the icons):" >&2
    printf '  %s\n' "${missing[@]}" >&2
    exit 1
fi

share="$dest/share"
install -D -m 0644 "$resources/desktop/$APP_ID.desktop" "$share/applications/$APP_ID.desktop"
install -D -m 0644 "$resources/desktop/$APP_ID.metainfo.xml" "$share/metainfo/$APP_ID.metainfo.xml"
install -D -m 0644 "$resources/desktop/$APP_ID.xml" "$share/mime/packages/$APP_ID.xml"
install -D -m 0644 "$resources/icons/smarket-planner.svg" "$share/icons/hicolor/scalable/apps/$APP_ID.svg"
for size in "${SIZES[@]}"; do
    install -D -m 0644 "$resources/icons/hicolor/${size}x${size}/apps/$APP_ID.png" \
        "$share/icons/hicolor/${size}x${size}/apps/$APP_ID.png"
done
echo "desktop-tree.sh: the desktop files of $APP_ID are in $share"
