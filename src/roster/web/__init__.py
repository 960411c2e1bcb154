"""The HTTP application: app factory, middleware, health checks and shared endpoint plumbing."""
