"""Formats other people's tools read: FHIR R4 Bundles, a PDF report, Nightscout treatments.

Records in (the plain dicts of sitecare's own export document, atlas regions, site statuses),
dicts or bytes out. No storage, no services, no front end: ``services`` reads the database
and calls these. Clinical codes live as data (``data/fhir_mapping.yaml``).
"""
