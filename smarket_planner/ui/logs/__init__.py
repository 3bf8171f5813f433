"""The risk and decision logs and their dialogs."""
