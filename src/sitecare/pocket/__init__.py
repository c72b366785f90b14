"""Pocket: sitecare on the phone itself, offline (an installable web app, static files).

The build (:mod:`sitecare.pocket.site`) writes the pages, the service worker, the pinned
Pyodide runtime (:mod:`~sitecare.pocket.runtime`), a trimmed standard library
(:mod:`~sitecare.pocket.stdlib`) and the domain bundle (:mod:`~sitecare.pocket.bundle`), which
runs the same domain core and views in the browser. It reads only sitecare's own packages and
the runtime cache: no database, no web framework.
"""
