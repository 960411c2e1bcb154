"""Roster: a people directory speaking the Kantata OX v1 and Teamwork v3 people APIs."""

__version__ = "0.1.0"
