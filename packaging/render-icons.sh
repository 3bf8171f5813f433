#!/usr/bin/env bash
# Render the app icon (resources/icons/smarket-planner.svg, the single source) to the PNG
# sizes desktops look for, under resources/icons/hicolor/<N>x<N>/apps/. Run it again after
# changing the SVG and commit what it writes; the output is the same byte for byte each run.
set -euo pipefail
cd "$(dirname "$0")/.."

APP_ID=io.github.smarketplanner.SmarketPlanner
SOURCE=resources/icons/smarket-planner.svg
SIZES=(16 24 32 48 64 128 256 512)

command -v rsvg-convert >/dev/null 2>&1 || {
    echo "render-icons.sh needs rsvg-convert (Debian package librsvg2-bin)" >&2
    exit 1
}

for size in "${SIZES[@]}"; do
    folder="resources/icons/hicolor/${size}x${size}/apps"
    mkdir -p "$folder"
    rsvg-convert --width "$size" --height "$size" --keep-aspect-ratio \
        --output "$folder/$APP_ID.png" "$SOURCE"
    echo "$folder/$APP_ID.png"
done
