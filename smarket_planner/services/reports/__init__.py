"""What a plan reports: the alignment analysis, the charter and charters written in batches."""
