"""OAuth2 authorization-code flow (RFC 6749 §4.1) on Authlib's generic server, as Kantata offers.

``/oauth/authorize`` signs the user in with a personal API token and asks for consent;
``/oauth/token`` exchanges the code for an ordinary API token bound to the client. See
docs/oauth.md.
"""
