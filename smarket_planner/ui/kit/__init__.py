"""What every area builds with: the plan session, the background runner, the task-force tab base,
the edit-dialog base, record and two-level models, form fields, pickers, cell editors, dates, colour marks,
commands and icons."""
