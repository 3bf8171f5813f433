#!/usr/bin/env bash
# Build the one-folder bundle of smarket_planner: dist/smarket-planner/, holding the program
# (the window and every command), install.sh and the desktop files. With --archive, also a
# .tar.gz of it to hand out. Sets up .venv first if it is not there (see .ci/setup).
set -euo pipefail
cd "$(dirname "$0")/.."

archive=false
for word in "$@"; do
    case "$word" in
        --archive) archive=true ;;
        -h | --help)
            echo "usage: packaging/build.sh [--archive]"
            exit 0
            ;;
        *)
            echo "packaging/build.sh: unknown option '$word' (try --help)" >&2
            exit 2
            ;;
    esac
done

if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import PyInstaller' 2>/dev/null; then
    bash .ci/setup
fi

bundle=dist/smarket-planner
echo "== building the bundle with PyInstaller (about a minute)"
rm -rf "$bundle"
.venv/bin/python -m PyInstaller packaging/smarket-planner.spec --noconfirm --log-level WARN \
    --distpath dist --workpath build/pyinstaller

# Beside the program: the installer, the desktop files it installs, the licence.
cp packaging/install.sh "$bundle/install.sh"
chmod +x "$bundle/install.sh"
bash packaging/desktop-tree.sh "$bundle"
cp LICENSE "$bundle/LICENSE"

version=$(.venv/bin/python -c 'import smarket_planner; print(smarket_planner.__version__)')
echo "Built smarket_planner $version in $(pwd)/$bundle ($(du -s --apparent-size -B MB "$bundle" | cut -f1))"
if $archive; then
    tarball="dist/smarket-planner-$version-linux-$(uname -m).tar.gz"
    tar -C dist -czf "$tarball" smarket-planner
    echo "Archived it as $(pwd)/$tarball: unpack it anywhere and run smarket-planner/install.sh"
fi
