"""Every task force at once: the timeline, the people-load heat map and their painting."""
