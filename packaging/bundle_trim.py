"""Leave out of the bundle the Qt plugins a desktop planning app never loads, and what only they need."""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from pathlib import PurePosixPath

from PyInstaller.depend.bindepend import get_imports

# Plugins for embedded screens, a virtual keyboard (which pulls in all of Qt Quick and QML), and
# the GTK theme (it would load the system's GTK against the bundle's own GLib and cairo).
UNUSED_PLUGINS = (
    "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
    "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
    "PySide6/Qt/plugins/egldeviceintegrations/*",
    "PySide6/Qt/plugins/generic/*",
    "PySide6/Qt/plugins/platforms/libqeglfs.so",
    "PySide6/Qt/plugins/platforms/libqlinuxfb.so",
    "PySide6/Qt/plugins/platforms/libqminimalegl.so",
    "PySide6/Qt/plugins/platforms/libqvkkhrdisplay.so",
    "PySide6/Qt/plugins/platforms/libqvnc.so",
)

Entry = tuple[str, str, str]  # where in the bundle, where from, what kind


def trim(binaries: Iterable[Entry]) -> list[Entry]:
    """The binaries without the unused plugins and the libraries nothing else left needs."""
    entries = list(binaries)
    dropped = {dest for dest, _src, _kind in entries if _unused(dest)}
    needs = {dest: _needed_names(src) for dest, src, _kind in entries}
    by_name: dict[str, list[str]] = {}
    for dest, _src, _kind in entries:
        by_name.setdefault(PurePosixPath(dest).name, []).append(dest)
    named = set().union(*needs.values())
    # What no binary names is loaded by Python or by Qt itself: extension modules, plugins.
    kept_roots = [dest for dest in needs if dest not in dropped and PurePosixPath(dest).name not in named]
    reached = _closure(kept_roots, needs, by_name)
    only_for_dropped = _closure(sorted(dropped), needs, by_name) - reached
    return [entry for entry in entries if entry[0] not in dropped | only_for_dropped]


def _unused(dest: str) -> bool:
    return any(fnmatch.fnmatch(dest, pattern) for pattern in UNUSED_PLUGINS)


def _needed_names(src: str) -> set[str]:
    """The libraries a binary names as needed (its DT_NEEDED entries), by file name."""
    try:
        return {name for name, _path in get_imports(src)}
    except Exception:  # not an ELF file PyInstaller can read: it needs nothing we could drop
        return set()


def _closure(roots: Iterable[str], needs: dict[str, set[str]], by_name: dict[str, list[str]]) -> set[str]:
    """Every bundled binary the roots load, directly or through others, the roots included."""
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        dest = todo.pop()
        if dest in seen:
            continue
        seen.add(dest)
        for name in needs.get(dest, ()):
            todo.extend(by_name.get(name, ()))
    return seen
