"""The emergency numbers, from ``data/emergency_numbers.yaml`` (the one source): the default
one and the documented ones. Light on purpose: ``config`` reads the default at start-up."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from sitecare.domain.yamlload import load_data

_DATA = load_data("emergency_numbers.yaml")
#: the number shown when none is configured
DEFAULT_EMERGENCY_NUMBER: str = str(_DATA["default"])
#: documented number -> where it is used
EMERGENCY_NUMBERS: Mapping[str, str] = MappingProxyType(
    {str(number): str(where) for number, where in _DATA["documented"].items()}
)
#: the documented numbers (suggested when a configured one is not a phone number)
DOCUMENTED_EMERGENCY_NUMBERS: tuple[str, ...] = tuple(EMERGENCY_NUMBERS)
