"""The people domain: names, visibility, and the repository every dialect reads through."""
