"""Array types for this package: OpenCV's stubs return loosely typed arrays, so the dtype is
documented by name (and checked by the tests), not by mypy."""

from __future__ import annotations

from typing import Any

import numpy.typing as npt

Array = npt.NDArray[Any]
