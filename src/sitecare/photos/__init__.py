"""Photos: drawn again from their pixels without metadata (``clean``), kept content-addressed
behind the blob seam and sealed when the database is locked (``store``).

Below the services and above storage: the domain never imports it, and the front ends reach it
only through ``services.photos`` (import-linter contracts in pyproject.toml).
"""
