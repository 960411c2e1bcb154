"""Who is asking: API tokens and (later) the OAuth2 flow that issues them."""
