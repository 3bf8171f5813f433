#!/usr/bin/env bash
# Install smarket_planner for you alone (no root needed), from the unpacked program folder
# this script sits in (smarket-planner/, holding the smarket-planner program, _internal/ and
# share/):
#
#   ./install.sh              install, or replace the version installed before
#   ./install.sh --uninstall  remove it again
#
# It copies the folder to ${XDG_DATA_HOME:-~/.local/share}/smarket-planner/, links
# ${XDG_BIN_HOME:-~/.local/bin}/smarket-planner to the program, and adds the menu entry, the
# icons, the AppStream data and the type of plan files to your desktop, with smarket_planner
# as the program that opens plans on a double-click. What it installs is listed in
# install-manifest.txt in the installed folder, and --uninstall removes exactly that. Your
# plans, and the app's settings (~/.config/smarket_planner) and files
# (~/.local/share/smarket_planner), are never touched.
set -euo pipefail

APP_ID=io.github.smarketplanner.SmarketPlanner
PROGRAM=smarket-planner
MIME_TYPE=application/x-smarket-plan
ICON_SIZES=(16 24 32 48 64 128 256 512)
MANIFEST_NAME=install-manifest.txt

say() { printf '%s\n' "$*"; }
user_name() { id -un 2>/dev/null || printf 'you'; }
fail() {
    printf 'install.sh: %s\n' "$*" >&2
    exit 1
}

# An XDG base directory: the variable when it holds an absolute path, else the default.
base_dir() {
    case "${1:-}" in
        /*) printf '%s' "${1%/}" ;;
        *) printf '%s' "$2" ;;
    esac
}

[ -n "${HOME:-}" ] || fail "HOME is not set, so there is no home folder to install into."
DATA_HOME=$(base_dir "${XDG_DATA_HOME:-}" "$HOME/.local/share")
CONFIG_HOME=$(base_dir "${XDG_CONFIG_HOME:-}" "$HOME/.config")
BIN_HOME=$(base_dir "${XDG_BIN_HOME:-}" "$HOME/.local/bin")
TARGET="$DATA_HOME/$PROGRAM"
MANIFEST="$TARGET/$MANIFEST_NAME"
DESKTOP_FILE="$DATA_HOME/applications/$APP_ID.desktop"

# Paths end up in a line-per-entry manifest and in a desktop file: no line breaks in them.
for path in "$DATA_HOME" "$CONFIG_HOME" "$BIN_HOME"; do
    case "$path" in
        *$'\n'* | *$'\r'*) fail "the folder name '$path' holds a line break; install.sh cannot use it." ;;
    esac
done

usage() {
    say "usage: ./install.sh [--uninstall]"
    say "  Installs smarket_planner for the current user from the folder install.sh is in,"
    say "  or with --uninstall removes what an earlier install put in place."
}

# --- the manifest: one "kind<TAB>path" line per thing installed outside the program folder.

declare -a RECORDED=()

record() { RECORDED+=("$1"$'\t'"$2"); }

# Create the folders above $1 that are missing, recording each one made.
make_parents() {
    local folder missing=()
    folder=$(dirname "$1")
    while [ ! -d "$folder" ]; do
        missing=("$folder" "${missing[@]}")
        folder=$(dirname "$folder")
    done
    for folder in "${missing[@]}"; do
        mkdir "$folder"
        record dir "$folder"
    done
}

# Install one file (mode 0644) at $2, recording it.
put() {
    make_parents "$2"
    install -m 0644 "$1" "$2"
    record file "$2"
}

# --- the desktop file: Exec and TryExec point at the installed program.

# The program's path as the first word of Exec=, quoted by the desktop entry rules if need be.
exec_word() {
    local path=$1 quoted
    if [[ "$path" =~ ^[A-Za-z0-9_./+,:@=-]+$ ]]; then
        printf '%s' "$path"
        return
    fi
    quoted=${path//\\/\\\\}
    quoted=${quoted//\"/\\\"}
    quoted=${quoted//\`/\\\`}
    quoted=${quoted//\$/\\\$}
    quoted=${quoted//%/%%}
    quoted="\"$quoted\""
    printf '%s' "${quoted//\\/\\\\}" # the value of a key escapes its backslashes once more
}

# A plain string value of a desktop file key (TryExec=).
string_value() {
    local value=${1//\\/\\\\}
    case "$value" in
        " "*) value="\\s${value# }" ;;
    esac
    printf '%s' "$value"
}

write_desktop_file() {
    local source=$1 program=$2 line rest
    while IFS= read -r line || [ -n "$line" ]; do
        case "$line" in
            Exec=*)
                rest=${line#Exec=}
                rest=${rest#*[[:space:]]} # what follows the command: %f
                [ "$rest" = "${line#Exec=}" ] && rest=""
                printf 'Exec=%s%s\n' "$(exec_word "$program")" "${rest:+ $rest}"
                ;;
            TryExec=*) printf 'TryExec=%s\n' "$(string_value "$program")" ;;
            *) printf '%s\n' "$line" ;;
        esac
    done <"$source"
}

# --- the desktop's databases: refreshed when the tools are there, never failing the install.

refresh_databases() {
    if [ -d "$DATA_HOME/mime" ]; then
        if command -v update-mime-database >/dev/null 2>&1; then
            update-mime-database "$DATA_HOME/mime" || say "warning: update-mime-database failed; log out and in again to see plan files known."
        else
            say "note: update-mime-database is missing (package shared-mime-info); plan files are known after it runs."
        fi
    fi
    if [ -d "$DATA_HOME/applications" ] && command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database -q "$DATA_HOME/applications" || say "warning: update-desktop-database failed."
    fi
    local icons="$DATA_HOME/icons/hicolor"
    if [ -d "$icons" ]; then
        # Touching the theme folder tells desktops to look again. A cache is only brought up to
        # date, never made: one made here would hide the icons other programs add later.
        touch "$icons" 2>/dev/null || true
        if [ -f "$icons/icon-theme.cache" ] && command -v gtk-update-icon-cache >/dev/null 2>&1; then
            gtk-update-icon-cache --force --ignore-theme-index --quiet "$icons" ||
                say "warning: gtk-update-icon-cache failed."
        fi
    fi
}

# Drop our desktop id from the lines for plan files in mimeapps.list (the default set at install).
forget_default() {
    local list="$CONFIG_HOME/mimeapps.list" kept
    [ -f "$list" ] || return 0
    grep -q "^$MIME_TYPE=.*$APP_ID\.desktop" "$list" || return 0
    kept=$(mktemp "$list.XXXXXX")
    awk -v prefix="$MIME_TYPE=" -v id="$APP_ID.desktop" '
        index($0, prefix) == 1 {
            n = split(substr($0, length(prefix) + 1), apps, ";")
            rest = ""
            for (i = 1; i <= n; i++) if (apps[i] != "" && apps[i] != id) rest = rest apps[i] ";"
            if (rest == "") next
            print prefix rest
            next
        }
        { print }
    ' "$list" >"$kept" && cat "$kept" >"$list"
    rm -f "$kept"
}

# A folder install.sh made is removed when nothing is left in it but what the desktop's
# tools generated from the files removed.
clear_generated() {
    case "$1" in
        "$DATA_HOME/mime") [ -d "$1/packages" ] || rm -rf -- "$1" ;; # all of it is made from packages/
        "$DATA_HOME/applications") [ "$(ls -A "$1")" != mimeinfo.cache ] || rm -f -- "$1/mimeinfo.cache" ;;
    esac
}

# mimeapps.list when install.sh made it and nothing but empty sections is left in it.
remove_if_empty_list() {
    [ -f "$1" ] || return 0
    if ! grep -qv -e '^[[:space:]]*$' -e '^\[.*\][[:space:]]*$' "$1"; then
        rm -f -- "$1"
    fi
}

# Remove what a manifest lists: files and links first, then the folders made, deepest first.
remove_recorded() {
    local manifest=$1 kind path
    local -a folders=()
    while IFS=$'\t' read -r kind path; do
        case "$path" in
            "$DATA_HOME"/* | "$BIN_HOME" | "$BIN_HOME"/* | "$CONFIG_HOME" | "$CONFIG_HOME"/*) ;;
            *) continue ;; # only ever what install.sh could have put there
        esac
        case "$kind" in
            file) [ ! -f "$path" ] || rm -f -- "$path" ;;
            link) [ ! -L "$path" ] || [ "$(readlink "$path")" != "$TARGET/$PROGRAM" ] || rm -f -- "$path" ;;
            dir) folders=("$path" "${folders[@]}") ;;
            made-list)
                forget_default
                remove_if_empty_list "$path"
                ;;
        esac
    done <"$manifest"
    for path in "${folders[@]}"; do
        clear_generated "$path"
        rmdir -- "$path" 2>/dev/null || true # kept when something else is in it now
    done
}

uninstall() {
    if [ ! -f "$MANIFEST" ]; then
        if [ -e "$TARGET" ]; then
            fail "$TARGET has no $MANIFEST_NAME, so it was not installed by install.sh; remove it yourself if it is yours."
        fi
        say "smarket_planner is not installed for $(user_name) (there is no $TARGET); nothing to remove."
        return 0
    fi
    forget_default
    remove_recorded "$MANIFEST"
    rm -rf -- "$TARGET"
    refresh_databases
    say "smarket_planner is uninstalled: removed $TARGET, its command, menu entry, icons and file type."
    say "Your plans and the app's settings (~/.config/smarket_planner, ~/.local/share/smarket_planner) are kept."
}

install_app() {
    local here=$1 source_share="$1/share"
    if [ ! -f "$here/$PROGRAM" ] || [ ! -x "$here/$PROGRAM" ]; then
        fail "run install.sh from inside the unpacked smarket-planner folder, next to the $PROGRAM program (there is no $here/$PROGRAM)."
    fi
    local file size
    local -a icons=("icons/hicolor/scalable/apps/$APP_ID.svg")
    for size in "${ICON_SIZES[@]}"; do
        icons+=("icons/hicolor/${size}x${size}/apps/$APP_ID.png")
    done
    for file in "applications/$APP_ID.desktop" "metainfo/$APP_ID.metainfo.xml" "mime/packages/$APP_ID.xml" \
        "${icons[@]}"; do
        [ -f "$source_share/$file" ] || fail "this smarket-planner folder is incomplete: $source_share/$file is missing."
    done
    local in_place=""
    if [ -d "$TARGET" ] && [ "$(cd "$TARGET" && pwd -P)" = "$here" ]; then
        in_place=yes # run from the installed folder: only the desktop files are put in place again
    fi
    if [ -e "$TARGET" ] && [ ! -f "$MANIFEST" ] && [ -z "$in_place" ]; then
        fail "$TARGET exists but was not installed by install.sh; move it away first."
    fi

    # The program folder: copied beside the old one, then swapped in.
    local fresh="" old="$DATA_HOME/.$PROGRAM.old.$$"
    if [ -z "$in_place" ]; then
        mkdir -p "$DATA_HOME"
        fresh=$(mktemp -d "$DATA_HOME/.$PROGRAM.new.XXXXXX")
        # shellcheck disable=SC2064 # the folder's name is fixed now, on purpose
        trap "rm -rf -- $(printf '%q' "$fresh")" EXIT
        cp -R -p "$here/." "$fresh/"
        rm -f "$fresh/$MANIFEST_NAME"
        chmod 0755 "$fresh"
    fi

    # What an earlier install put outside the program folder goes (it is put back below).
    if [ -f "$MANIFEST" ]; then
        remove_recorded "$MANIFEST"
    fi

    if [ -n "$fresh" ]; then
        if [ -e "$TARGET" ]; then
            mv "$TARGET" "$old"
        fi
        if ! mv "$fresh" "$TARGET"; then
            [ ! -e "$old" ] || mv "$old" "$TARGET"
            fail "could not move the new program folder into place; the old one is kept."
        fi
        trap - EXIT
        rm -rf -- "$old"
    fi
    local program="$TARGET/$PROGRAM" share="$TARGET/share"

    # The command on the PATH, unless another install of smarket-planner (pip, pipx) has it.
    local command_line="$BIN_HOME/$PROGRAM"
    if [ -L "$command_line" ] && [ ! -e "$command_line" ] || [ "$(readlink "$command_line" || true)" = "$program" ]; then
        rm -f -- "$command_line" # ours, or a dangling link
    fi
    if [ -e "$command_line" ] || [ -L "$command_line" ]; then
        command_line="not linked: $BIN_HOME/$PROGRAM is another install of it (pip or pipx?), left as it is"
        say "note: $BIN_HOME/$PROGRAM belongs to another install of smarket-planner; it is left as it is."
    else
        make_parents "$command_line"
        ln -s "$program" "$command_line"
        record link "$command_line"
    fi

    # The menu entry, running the installed program.
    make_parents "$DESKTOP_FILE"
    write_desktop_file "$share/applications/$APP_ID.desktop" "$program" >"$DESKTOP_FILE"
    chmod 0644 "$DESKTOP_FILE"
    record file "$DESKTOP_FILE"

    put "$share/mime/packages/$APP_ID.xml" "$DATA_HOME/mime/packages/$APP_ID.xml"
    put "$share/metainfo/$APP_ID.metainfo.xml" "$DATA_HOME/metainfo/$APP_ID.metainfo.xml"
    for file in "${icons[@]}"; do
        put "$share/$file" "$DATA_HOME/$file"
    done

    # Plans open in smarket_planner on a double-click: the default in mimeapps.list.
    local list="$CONFIG_HOME/mimeapps.list"
    if [ ! -e "$list" ]; then
        make_parents "$list"
        record made-list "$list"
    fi
    printf '%s\n' "${RECORDED[@]}" >"$MANIFEST"

    refresh_databases

    local default="not set: install xdg-utils, or choose smarket_planner in your file manager's Open With"
    if command -v xdg-mime >/dev/null 2>&1 && xdg-mime default "$APP_ID.desktop" "$MIME_TYPE"; then
        default="smarket_planner ($list)"
    elif command -v gio >/dev/null 2>&1 && gio mime "$MIME_TYPE" "$APP_ID.desktop" >/dev/null; then
        default="smarket_planner ($list)"
    fi

    local version
    version=$("$program" --version 2>/dev/null) || version="smarket_planner (it did not answer --version; try running $program)"
    say "Installed $version for $(user_name):"
    say "  program folder:  $TARGET"
    say "  command:         $command_line"
    say "  menu entry:      $DESKTOP_FILE"
    say "  plan file type:  $DATA_HOME/mime/packages/$APP_ID.xml ($MIME_TYPE, *.smplan)"
    say "  icons:           $DATA_HOME/icons/hicolor/*/apps/$APP_ID.{png,svg}"
    say "  AppStream data:  $DATA_HOME/metainfo/$APP_ID.metainfo.xml"
    say "  opens plans:     $default"
    case ":$PATH:" in
        *":$BIN_HOME:"*) ;;
        *) say "note: $BIN_HOME is not on your PATH; add it to run '$PROGRAM' from a terminal." ;;
    esac
    say "To remove it: $TARGET/install.sh --uninstall"
}

main() {
    local here
    here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
    cd / # the folder we started in may be the one replaced or removed
    case "${1:-}" in
        "") install_app "$here" ;;
        --uninstall) uninstall ;;
        -h | --help) usage ;;
        *)
            usage >&2
            exit 2
            ;;
    esac
}

main "$@"
exit
