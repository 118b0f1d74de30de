"""Models of this app (added with its issue)."""
