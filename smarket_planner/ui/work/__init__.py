"""The work: the RACI of contested activities and the deliverables with their links."""
