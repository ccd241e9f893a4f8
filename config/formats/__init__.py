"""Date formats of the tracker: one format, ISO 8601, wherever Django formats a date for editors."""
