"""Wire dialects: each renders the one model in a vendor's words (one model, many protocols)."""
