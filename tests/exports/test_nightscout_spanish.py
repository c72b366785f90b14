"""A Nightscout import in Spanish: what it could not place, what it left out and why a file is
refused, said in Spanish (``SITECARE_LANGUAGE=es``); ids, zone names and event types as the
file has them. (No web page imports a file: the CLI is where a person reads these.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.cli.test_cli_spanish_commands import run
from tests.exports.test_nightscout import NOW, SAMPLES, Open

from sitecare.domain.errors import ImportFileError
from sitecare.domain.messages import localise

#: the English an import used to say; none may be left in the Spanish
ENGLISH = (
    "Imported",
    "Not imported",
    "treatment #",
    "treatment(s)",
    "not a site change",
    "location ",
    "sitecare's atlas",
    "outer thigh region",
    "no site location",
    "is not a time",
    "Nothing was changed",
    "The JSON file is damaged",
    "Expecting",
    "not a Nightscout",
)


def _said(res) -> str:  # type: ignore[no-untyped-def]
    return " ".join(f"{res.stdout} {res.stderr}".split())  # rich wraps long lines


def test_the_import_notes_are_said_in_spanish(sqlite_url: str) -> None:
    res = run(sqlite_url, "import", str(SAMPLES / "nightscout_v3_treatments.json"))
    assert res.exit_code == 0, res.output
    said = _said(res)
    assert "Se importaron 3 inyecciones y 0 revisiones." in said
    assert (
        "No se importó: tratamiento n.º 3 (Site Change, 2026-11-22 09:00): zona "
        "'Front Left Upper Chest': el mapa de sitecare no tiene una zona del pecho" in said
    )
    assert "'Side Left Upper Thigh': en sitecare, la zona de afuera del muslo" in said
    assert "No se importó: 1 tratamiento 'Temp Basal': no es un cambio de sitio" in said
    assert [w for w in ENGLISH if w in said] == []


def test_the_v1_notes_in_spanish_and_english(open_services: Open, sqlite_url: str) -> None:
    sc = open_services(sqlite_url)
    result = sc.nightscout.import_text(
        (SAMPLES / "nightscout_v1_treatments.json").read_text(), now=NOW
    )
    assert localise(result.skipped, "es") == [
        "tratamiento n.º 1 (Site Change, 2026-11-18 02:12): no dice dónde se puso (no tiene "
        "'location' de AndroidAPS ni una zona de sitecare)",
        "tratamiento n.º 3 (Sensor Change, 2026-11-19 08:00): no dice dónde se puso (no tiene "
        "'location' de AndroidAPS ni una zona de sitecare)",
        "1 tratamiento 'Meal Bolus': no es un cambio de sitio",
        "1 tratamiento 'Note': no es un cambio de sitio",
    ]
    assert result.left_out == [  # the English is what it was, with a plural of its own
        "1 'Meal Bolus' treatment: not a site change",
        "1 'Note' treatment: not a site change",
    ]
    assert result.to_dict()["left_out"] == result.left_out  # --json keeps English values


BAD = [
    (
        [{"eventType": "Site Change", "created_at": "ayer", "location": "Back Right Buttock"}],
        "treatment #1: 'ayer' is not a time (expected created_at or date). Nothing was changed.",
        "tratamiento n.º 1: 'ayer' no es una fecha y hora (se esperaba created_at o date). "
        "No se cambió nada.",
    ),
    (
        '[{"eventType": "Site Change",}]',
        "The JSON file is damaged at line 1, column 30: Expecting property name enclosed in "
        "double quotes. Nothing was changed.",
        "El archivo JSON está dañado en la línea 1, columna 30: se esperaba el nombre de un "
        "campo entre comillas dobles (puede que sobre una coma). No se cambió nada.",
    ),
    (
        {"status": 200, "result": "none", "eventType": 1},
        "This is not a Nightscout treatments file (expected a JSON array, or an API v3 answer "
        "with 'result'). Nothing was changed.",
        "Esto no es un archivo de tratamientos de Nightscout (se esperaba una lista JSON, o una "
        "respuesta de la API v3 con 'result'). No se cambió nada.",
    ),
]


@pytest.mark.parametrize(("content", "english", "spanish"), BAD)
def test_a_refused_file_is_explained_in_each_language(
    open_services: Open,
    sqlite_url: str,
    tmp_path: Path,
    content: object,
    english: str,
    spanish: str,
) -> None:
    text = content if isinstance(content, str) else json.dumps(content)
    with pytest.raises(ImportFileError) as refused:
        open_services(sqlite_url).nightscout.import_text(text, now=NOW)
    assert refused.value.message == english
    assert localise(refused.value.message, "es") == spanish
    if not isinstance(content, dict):  # the CLI takes it for treatments and says why not
        path = tmp_path / "treatments.json"
        path.write_text(text)
        res = run(sqlite_url, "import", str(path))
        assert res.exit_code == 5 and spanish in _said(res)
        assert [w for w in ENGLISH if w in _said(res)] == []
        english_run = run(sqlite_url, "import", str(path), lang="en")
        assert english in _said(english_run)
