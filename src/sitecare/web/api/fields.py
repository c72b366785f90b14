"""Field types the JSON API shares: plain text without control characters, in the schema too.

The rule is published as a JSON-schema ``pattern`` (so clients and schema-driven tests know it)
and checked by a validator that names the character in plain words.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field

from sitecare.domain.inputs import LINE_PATTERN, TEXT_PATTERN, plain_text_validator
from sitecare.domain.messages import N_, Msg

_line = plain_text_validator(N_("must be one line of plain text (it contains %(bad)s)"))
_text = plain_text_validator(
    N_("must be plain text without control characters (it contains %(bad)s)"), multiline=True
)


#: one line: no control characters at all (labels, codes, ids, search words)
Line = Annotated[str, AfterValidator(_line), Field(json_schema_extra={"pattern": LINE_PATTERN})]
#: free text: tabs and line breaks allowed, no other control character (notes)
Text = Annotated[str, AfterValidator(_text), Field(json_schema_extra={"pattern": TEXT_PATTERN})]


_NUMBER = re.compile(r"\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*")


def _iso_only(value: Any) -> Any:
    """An ISO 8601 text, never a bare number (pydantic would read one as a Unix time)."""
    if isinstance(value, int | float) or (isinstance(value, str) and _NUMBER.fullmatch(value)):
        raise ValueError(Msg("must be an ISO 8601 time like 2026-11-20T08:30, not a number"))
    return value


#: a time as ISO 8601 text (what the schema's ``format: date-time`` says)
When = Annotated[datetime, BeforeValidator(_iso_only)]
