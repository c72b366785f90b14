"""The ``sitecare`` command line: parse, call a service, format the answer.

Empty on purpose: the console script (:mod:`sitecare.cli.quick`) must be importable without
building the Typer app (:mod:`sitecare.cli.app`).
"""
