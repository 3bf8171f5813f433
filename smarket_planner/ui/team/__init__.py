"""People: the roster dock and its dialogs, and a task force's Team tab of memberships and open roles."""
