"""The desktop app (PySide6): main window, views, dialogs and undoable edits over the services."""
