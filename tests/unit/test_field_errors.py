"""pydantic's errors said in Spanish (domain.field_errors): each common error ``type`` gets our
own Spanish phrase, an unknown one a plain phrase; the English is pydantic's own message."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

import pytest
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError, field_validator

from sitecare.domain.field_errors import field_problem, record_where
from sitecare.domain.messages import Msg, localise

#: pydantic's English words; none may be left in a Spanish phrase
LIBRARY = ("Input should", "Field required", "Value error", "Extra inputs", "String should")
LIBRARY += ("List should", "valid", "permitted", "required", "should", "unable to")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = ""
    whole: int = 0
    amount: float = 0.0
    flag: bool = False
    moment: datetime | None = None
    aware: AwareDatetime | None = None
    day: date | None = None
    kind: Literal["a", "b", "c"] = "a"
    sure: Literal[True] = True
    items: list[int] = Field(default_factory=list, max_length=2)
    mapping: dict[str, int] = Field(default_factory=dict)
    positive: int = Field(default=1, gt=0)
    at_most: float = Field(default=0, le=3650)
    short: str = Field(default="x", min_length=1)
    tight: str = Field(default="", max_length=3)
    code: str = Field(default="a", pattern="^[a-z]+$")
    route: str = "iv"
    needed: int

    @field_validator("route")
    @classmethod
    def _route(cls, v: str) -> str:
        if v == "bad":
            raise ValueError(Msg("unknown route %(route)s", route=repr(v)))
        if v == "odd":
            raise ValueError("something only the library says")
        return v


#: (the fields, pydantic's type, the Spanish)
CASES: list[tuple[dict[str, Any], str, str]] = [
    ({}, "missing", "este campo es obligatorio"),
    ({"text": 5}, "string_type", "debe ser texto"),
    ({"whole": "x"}, "int_parsing", "debe ser un número entero"),
    ({"whole": 2.5}, "int_from_float", "debe ser un número entero"),
    ({"amount": "x"}, "float_parsing", "debe ser un número"),
    ({"flag": "maybe"}, "bool_parsing", "debe ser true o false"),
    ({"moment": "yesterday"}, "datetime_from_date_parsing", "debe ser una fecha y una hora"),
    ({"moment": [1]}, "datetime_type", "debe ser una fecha y una hora"),
    ({"aware": "2026-11-20T08:30:00"}, "timezone_aware", "necesita la zona horaria"),
    ({"day": "soon"}, "date_from_datetime_parsing", "debe ser una fecha"),
    ({"kind": "d"}, "literal_error", "debe ser uno de estos: 'a', 'b', 'c'"),
    ({"sure": False}, "literal_error", "debe ser True"),  # one value: no list
    ({"other": 1}, "extra_forbidden", "no es un campo permitido aquí"),
    ({"items": 5}, "list_type", "debe ser una lista"),
    ({"items": [1, 2, 3]}, "too_long", "debe tener como máximo 2 elementos"),
    ({"mapping": []}, "dict_type", "debe ser un objeto (nombres con valores)"),
    ({"positive": 0}, "greater_than", "debe ser mayor que 0"),
    ({"at_most": 4000}, "less_than_equal", "debe ser 3.650 o menos"),
    ({"short": ""}, "string_too_short", "debe tener al menos 1 carácter"),
    ({"tight": "abcd"}, "string_too_long", "debe tener como máximo 3 caracteres"),
    ({"code": "ABC"}, "string_pattern_mismatch", "no tiene la forma esperada (^[a-z]+$)"),
    ({"route": "bad"}, "value_error", "el valor no es válido: vía desconocida 'bad'"),
    ({"route": "odd"}, "value_error", "este valor no es válido aquí"),
]


@pytest.mark.parametrize(("fields", "kind", "spanish"), CASES)
def test_each_common_pydantic_error_is_said_in_spanish(
    fields: dict[str, Any], kind: str, spanish: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        _Model.model_validate({"needed": 1, **fields} if fields else {})
    (first, *_) = caught.value.errors()
    assert first["type"] == kind
    problem = field_problem(first["type"], first["msg"], first.get("ctx"))
    assert problem == first["msg"]  # the English is pydantic's own, as sitecare printed it
    said = localise(problem, "es")
    assert said.startswith(spanish)
    assert [w for w in LIBRARY if w in said] == []


def test_an_unknown_error_type_gets_a_plain_spanish_phrase() -> None:
    problem = field_problem("bytes_invalid_encoding", "Data should be valid base64")
    assert problem == "Data should be valid base64"
    assert localise(problem, "es") == "este valor no es válido aquí"
    fhir = field_problem(
        "model_field_validation.missing", "Value for the field 'type' is required."
    )
    assert localise(fhir, "es") == "este campo es obligatorio"
    regex = ValueError("Instant value string does not match spec regex.")
    said = field_problem("value_error", f"Value error, {regex}", {"error": regex})
    assert localise(said, "es") == "no está escrito como un valor Instant de FHIR"


def test_the_record_and_field_are_named_in_each_language() -> None:
    where = record_where(("injections", 2, "at"))
    assert (
        where == "injection #3, field 'at'"
        and localise(where, "es") == "inyección n.º 3, campo «at»"
    )
    assert localise(record_where(("observations", 0, "case", "x")), "es") == (
        "revisión n.º 1, campo «case.x»"
    )
    assert record_where(("version",)) == "field 'version'"
    assert localise(record_where(("version",)), "es") == "campo «version»"
