"""The JSON API under /api/v1 (shared/design/api.md). Every route calls a service; no rules here.

The package imports nothing: importing ``web.api.problems`` must not import every route (the
guard's modules use it). The personal API's router is ``web.api.routes.router``.
"""
