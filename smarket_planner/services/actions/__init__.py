"""The edit engine and every user action: checked, committed in one transaction, undoable, announced."""
