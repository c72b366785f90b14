"""Pocket's pure Python half: records in memory, the pages, and one JSON entry for the worker.

Imports only ``sitecare.domain``, jinja2, markupsafe and the standard library (an import-linter
contract keeps it so), because it runs in the browser under Pyodide.
"""
