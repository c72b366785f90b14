"""The JSON API's refusals of a request (422) and a photo upload's problems in the request's
language (Accept-Language, or the switch's cookie): each ``detail[].msg`` is "field: why" in
Spanish, with ``loc`` and ``type`` as pydantic gives them and the same JSON shape (the OpenAPI
422 schema); the English is pydantic's own words, byte for byte as before. (No web page imports
a file: the photo upload is the upload a page has.)"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.photos.conftest import add_check
from tests.server.spanish import ES, visible

from sitecare.domain.language import COOKIE

HTML = {"accept": "text/html"}
#: pydantic's English words and the API's own; none may be left in a Spanish message
ENGLISH = ("Input should", "Field required", "Value error", "Extra inputs", "JSON decode")
ENGLISH += ("must be", "greater than", "not permitted", "valid", "Choose a photo", "That file")

#: (method, path, what is sent, the English detail, the Spanish messages)
BAD = [
    (
        "post",
        "/api/v1/injections",
        {"json": {"region": 3, "note": "a\x1bb", "at": 5}},
        [
            (["body", "region"], "string_type", "region: Input should be a valid string"),
            (
                ["body", "at"],
                "value_error",
                "at: Value error, must be an ISO 8601 time like 2026-11-20T08:30, not a number",
            ),
            (
                ["body", "note"],
                "value_error",
                "note: Value error, must be plain text without control characters "
                "(it contains U+001B)",
            ),
        ],
        [
            "region: debe ser texto",
            "at: el valor no es válido: debe ser una fecha y hora ISO 8601 como "
            "2026-11-20T08:30, no un número",
            "note: el valor no es válido: debe ser texto simple sin caracteres de control "
            "(contiene U+001B)",
        ],
    ),
    (
        "post",
        "/api/v1/injections",
        {"json": {"region": "forearm_left", "at": "yesterday", "extra": 1}},
        [
            (
                ["body", "at"],
                "datetime_from_date_parsing",
                "at: Input should be a valid datetime or date, input is too short",
            ),
            (["body", "extra"], "extra_forbidden", "extra: Extra inputs are not permitted"),
        ],
        [
            "at: debe ser una fecha y una hora con zona horaria (por ejemplo "
            "2026-11-20T08:30:00+01:00)",
            "extra: no es un campo permitido aquí",
        ],
    ),
    (
        "post",
        "/api/v1/injections",
        {"content": b"{bad", "headers": {"content-type": "application/json"}},
        [(["body", 1], "json_invalid", "1: JSON decode error")],
        ["1: no es JSON válido"],
    ),
    (
        "post",
        "/api/v1/injections",
        {"json": {}},
        [(["body", "region"], "missing", "region: Field required")],
        ["region: este campo es obligatorio"],
    ),
    (
        "get",
        "/api/v1/injections",
        {"params": {"limit": 0}},
        [
            (
                ["query", "limit"],
                "greater_than_equal",
                "limit: Input should be greater than or equal to 1",
            )
        ],
        ["limit: debe ser 1 o más"],
    ),
    (
        "get",
        "/api/v1/sites",
        {"params": {"route": "oral"}},
        [
            (
                ["query", "route"],
                "literal_error",
                "route: Input should be 'intravenous', 'intramuscular', 'subcutaneous', "
                "'intradermal' or 'skin_popping'",
            )
        ],
        [
            "route: debe ser uno de estos: 'intravenous', 'intramuscular', 'subcutaneous', "
            "'intradermal', 'skin_popping'"
        ],
    ),
    (
        "post",
        "/api/v1/erase",
        {"json": {"confirm": False}},
        [(["body", "confirm"], "literal_error", "confirm: Input should be True")],
        ["confirm: debe ser True"],
    ),
]


def _send(client: TestClient, method: str, path: str, sent: dict[str, Any], **headers: str) -> Any:
    sent = {**sent, "headers": {**sent.get("headers", {}), **headers}}
    res = getattr(client, method)(path, **sent)
    assert res.status_code == 422, res.text
    return res.json()


@pytest.mark.parametrize(("method", "path", "sent", "english", "spanish"), BAD)
def test_a_refused_request_is_explained_in_the_requests_language(
    client: TestClient,
    method: str,
    path: str,
    sent: dict[str, Any],
    english: list[tuple[list[Any], str, str]],
    spanish: list[str],
) -> None:
    en = _send(client, method, path, sent)
    assert en == {"detail": [{"loc": loc, "msg": msg, "type": t} for loc, t, msg in english]}
    es = _send(client, method, path, sent, **ES)
    assert list(es) == ["detail"] and len(es["detail"]) == len(english)
    for said, (loc, kind, _), words in zip(es["detail"], english, spanish, strict=True):
        assert list(said) == ["loc", "msg", "type"]  # the shape the OpenAPI 422 schema names
        assert said["loc"] == loc and said["type"] == kind and said["msg"] == words
        assert [w for w in ENGLISH if w in said["msg"]] == []


def test_the_switch_cookie_chooses_spanish_too(client: TestClient) -> None:
    client.cookies.set(COOKIE, "es")
    said = client.post("/api/v1/injections", json={}).json()["detail"][0]
    assert said == {"loc": ["body", "region"], "msg": "region: este campo es obligatorio"} | {
        "type": "missing"
    }
    english = client.post("/api/v1/injections", json={}, headers={"Accept-Language": "en"})
    assert english.json()["detail"][0]["msg"] == "region: este campo es obligatorio"  # the switch
    client.cookies.clear()
    assert client.post("/api/v1/injections", json={}).json()["detail"][0]["msg"] == (
        "region: Field required"
    )


def test_a_photo_upload_says_its_problem_in_spanish(client: TestClient) -> None:
    check = add_check(client)
    api = f"/api/v1/checks/{check}/photos"
    not_a_photo = {"files": {"file": ("IMG.JPG", b"not an image")}}
    res = client.post(api, **not_a_photo, headers=ES)
    assert res.status_code == 422
    assert res.json() == {
        "detail": [
            {
                "msg": "Ese archivo no es una foto que sitecare pueda leer (use JPEG, PNG, WebP "
                "o HEIC).",
                "loc": ["body", "file"],
            }
        ]
    }
    english = client.post(api, **not_a_photo).json()["detail"][0]["msg"]
    assert english == "That file is not a photo sitecare can read (use JPEG, PNG, WebP or HEIC)."
    no_file = client.post(api, files={"other": ("a.txt", b"x")}, headers=ES).json()
    assert no_file["detail"][0]["msg"] == (
        "Elija una foto para enviar (el campo 'file' del formulario)."
    )
    # the site page's form: the page again, with the problem in Spanish
    page = client.post(f"/checks/{check}/photos", **not_a_photo, headers={**HTML, **ES})
    assert page.status_code == 422
    text = visible(page.text)
    assert "Ese archivo no es una foto que sitecare pueda leer" in text
    empty = client.post(
        f"/checks/{check}/photos", files={"file": ("IMG.JPG", b"")}, headers={**HTML, **ES}
    )
    assert "Ese archivo está vacío." in visible(empty.text)
    assert [w for w in ENGLISH if w in text] == []


def test_a_page_with_a_wrong_value_says_so_in_spanish(client: TestClient) -> None:
    page = client.get("/history?days=abc", headers={**HTML, **ES})
    assert page.status_code == 422
    assert (
        "No se puede mostrar esta página: un dato de su dirección o de su formulario no es uno "
        "que sitecare pueda leer (days)." in visible(page.text)
    )


def test_the_frameworks_own_answers_are_said_in_spanish_too(client: TestClient) -> None:
    """An unknown address (404) and a method an address does not take (405): Starlette's
    English stays the English; a Spanish request reads sitecare's Spanish, in the same shape."""
    for method, path, status, english, spanish in (
        ("GET", "/api/v1/nothing-here", 404, "Not Found", "No se encontró."),
        ("PUT", "/api/v1/injections", 405, "Method Not Allowed", "Esta dirección no acepta"),
    ):
        en = client.request(method, path)
        es = client.request(method, path, headers=ES)
        assert en.status_code == es.status_code == status
        assert en.json() == {"detail": [{"msg": english}]}
        assert list(es.json()) == ["detail"] and list(es.json()["detail"][0]) == ["msg"]
        assert es.json()["detail"][0]["msg"].startswith(spanish)
        if status == 405:
            assert en.headers["allow"] == es.headers["allow"] != ""
