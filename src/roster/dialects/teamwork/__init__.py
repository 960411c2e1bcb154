"""Teamwork.com Projects API v3 people endpoints under /projects/api/v3/, in Teamwork's words."""
