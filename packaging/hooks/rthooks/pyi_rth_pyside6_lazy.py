"""Point Qt at the bundle's plugins without loading Qt: commands that never open a window start fast.

It stands in for PyInstaller's own PySide6 run-time hook, which imports ``PySide6.QtCore`` at
every start (a fifth of a second) to register a ``qt.conf``; PySide6 registers that itself
when the app first imports Qt, from the bundle's folder layout, which matches the wheel's.
"""


def _point_qt_at_the_bundle() -> None:
    import os
    import sys

    qt = os.path.join(sys._MEIPASS, "PySide6", "Qt")  # type: ignore[attr-defined]
    os.environ["QT_PLUGIN_PATH"] = os.path.join(qt, "plugins")
    os.environ["QML2_IMPORT_PATH"] = os.path.join(qt, "qml")


_point_qt_at_the_bundle()
del _point_qt_at_the_bundle
