"""Server-rendered pages (Jinja2, enhanced by htmx; the core flows work without JavaScript).

The package imports nothing: importing ``web.pages.render`` must not import every route (the
guard's modules use it). The personal pages' router is ``web.pages.site.router``.
"""
