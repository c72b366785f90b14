"""sitecare: keep injection sites healthy.

Log injections on a body-site atlas, rotate sites so each rests until healed, check a mark
and learn how urgent it is, and follow a site until it has healed. Guidance, not a diagnosis.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
