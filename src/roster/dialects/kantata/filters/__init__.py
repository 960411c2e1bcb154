"""Every filter of Kantata's GET /users, declared as data, grouped by what they look at.

The resource (``roster.dialects.kantata.users``) concatenates these tuples; the order does not
change results (filters are ANDed), only the order of checks for parameter errors.
"""
