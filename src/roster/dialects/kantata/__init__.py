"""The Kantata OX API v1 dialect (Brainstem envelope), under /api/v1/."""
