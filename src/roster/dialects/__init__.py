"""Wire dialects: each renders the one model in a vendor's words (moto's one-model, many-protocols)."""
