"""``roster seed``: a synthetic organisation (implemented in roster.synth)."""
