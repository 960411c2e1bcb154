"""The API contract: OpenAPI 3.1 generated from the declarations that drive the engine.

Kept empty on purpose: dialect route modules import ``roster.openapi.spec`` to declare their
operations, and the generator imports those route modules, so nothing may be imported here.
"""
