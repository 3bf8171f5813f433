"""What every area builds with: the plan session, the background runner, the edit-dialog base, the
record model, form fields, cell editors, colour marks, commands and icons."""
