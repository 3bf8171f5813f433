"""A task force's Overview tab and its forms: purpose, lifecycle, rhythm, the new-task-force dialog."""
