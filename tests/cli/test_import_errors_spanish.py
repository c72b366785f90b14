"""``sitecare --language es import`` of a bad file says every word in Spanish: a FHIR Bundle the
validation library refuses (pydantic's "Input should ...", "Field required"), a CSV export with a
bad header or row, a record of a JSON export with a bad field, and ``restore`` of a damaged
backup; the element's path, the record and field, or the line stay in the sentence. The English
is what sitecare always printed (the library's own words)."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from tests.exports.conftest import NOW_TEXT, load_sample, sample_document
from typer.testing import CliRunner

from sitecare.cli.app import app
from sitecare.services.app import Sitecare

NOW = datetime.fromisoformat(NOW_TEXT)
Open = Callable[..., Sitecare]
#: the libraries' English words (pydantic, fhir.resources, the csv module, SQLite) and
#: sitecare's own English; none may be left in a Spanish message
ENGLISH = ("Input should", "Field required", "Value error", "Extra inputs", "String should")
ENGLISH += ("should be", "required", "not permitted", "spec regex", "does not match", "Expecting")
ENGLISH += ("bad record", "field '", "injection #", "observation #", "Line ", "damaged", "unknown")
ENGLISH += ("needs a", "Nothing was changed", "is not", "file is", "malformed", "larger than")


def run(url: str, *args: str, lang: str = "es") -> Any:
    env = {"SITECARE_DATABASE_URL": url, "LC_ALL": "", "LANG": "C"}
    return CliRunner().invoke(app, ["--language", lang, *args], env=env)


def said(res: Any, code: int = 5) -> str:
    assert res.exit_code == code, res.output
    return " ".join(str(res.output).split())


def english_left(text: str) -> list[str]:
    return [w for w in ENGLISH if w in text]


@pytest.fixture
def sample(open_services: Open, sqlite_copy: Callable[[str], str]) -> Sitecare:
    sc = open_services(sqlite_copy("sample.sqlite3"))
    load_sample(sc)
    return sc


# -- FHIR Bundles the validation library refuses -----------------------------------------------


def _no_subject(b: dict[str, Any]) -> None:
    del b["entry"][2]["resource"]["subject"]


def _total(b: dict[str, Any]) -> None:
    b["total"] = "many"


def _extra(b: dict[str, Any]) -> None:
    b["entry"][1]["resource"]["colour"] = "blue"


def _timestamp(b: dict[str, Any]) -> None:
    b["timestamp"] = "yesterday"


def _negative(b: dict[str, Any]) -> None:
    b["total"] = -1


def _not_a_list(b: dict[str, Any]) -> None:
    b["entry"][1]["resource"]["note"] = {"text": "x"}


def _bad_id(b: dict[str, Any]) -> None:
    b["entry"][1]["resource"]["id"] = "a b"


def _date_only(b: dict[str, Any]) -> None:
    b["entry"][2]["resource"]["effectiveDateTime"] = "2026-11-20"


def _unknown_type(b: dict[str, Any]) -> None:
    b["entry"][2]["resource"]["resourceType"] = "Injection"


BUNDLES = [
    (
        _no_subject,
        "Bundle.entry[2].resource.subject: Field required",
        "Bundle.entry[2].resource.subject: este campo es obligatorio. No se cambió nada.",
    ),
    (
        _total,
        "Bundle.total: Input should be a valid integer, unable to parse string as an integer.",
        "Bundle.total: debe ser un número entero. No se cambió nada.",
    ),
    (
        _extra,
        "Bundle.entry[1].resource.colour: Extra inputs are not permitted.",
        "Bundle.entry[1].resource.colour: no es un campo permitido aquí. No se cambió nada.",
    ),
    (
        _timestamp,
        "Bundle.timestamp: Value error, Instant value string does not match spec regex.",
        "Bundle.timestamp: no está escrito como un valor Instant de FHIR. No se cambió nada.",
    ),
    (
        _negative,
        "Bundle.total: Input should be greater than or equal to 0.",
        "Bundle.total: debe ser 0 o más. No se cambió nada.",
    ),
    (
        _not_a_list,
        "Bundle.entry[1].resource.note: Input should be a valid list.",
        "Bundle.entry[1].resource.note: debe ser una lista. No se cambió nada.",
    ),
    (
        _bad_id,
        "Bundle.entry[1].resource.id: String should match pattern",
        "Bundle.entry[1].resource.id: no tiene la forma esperada (^[A-Za-z0-9\\-.]+$).",
    ),
    (
        _date_only,
        "Bundle.entry[2].resource.effectiveDateTime: needs a date, a time and a zone",
        "Bundle.entry[2].resource.effectiveDateTime: necesita una fecha, una hora y una zona "
        "horaria (por ejemplo 2026-11-20T08:30:00+01:00). No se cambió nada.",
    ),
    (
        _unknown_type,
        "Bundle.entry[2].resource.resourceType: unknown resource type",
        "Bundle.entry[2].resource.resourceType: tipo de recurso desconocido",
    ),
]


@pytest.mark.parametrize(("change", "english", "spanish"), BUNDLES)
def test_a_bundle_the_library_refuses_is_said_in_spanish(
    sample: Sitecare, sqlite_url: str, tmp_path: Path, change: Any, english: str, spanish: str
) -> None:
    bundle = sample.fhir.export_bundle(now=NOW)
    change(bundle)
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(bundle))
    out = said(run(sqlite_url, "import", str(path)))
    assert spanish in out
    assert english_left(out) == []
    assert english in said(run(sqlite_url, "import", str(path), lang="en"))


# -- CSV exports --------------------------------------------------------------------------------


def _header(text: str) -> str:
    return text.replace("record,id,", "record,number,", 1)


def _columns(text: str) -> str:
    lines = text.splitlines()
    lines[2] += ",extra"
    return "\n".join(lines) + "\n"


def _kind(text: str) -> str:
    lines = text.splitlines()
    lines[1] = lines[1].replace("injection,", "vaccine,", 1)
    return "\n".join(lines) + "\n"


def _id(text: str) -> str:
    lines = text.splitlines()
    lines[1] = lines[1].replace("injection,1,", "injection,one,", 1)
    return "\n".join(lines) + "\n"


def _data(text: str) -> str:
    lines = [line for line in text.splitlines() if not line.startswith("setting,")]
    return "\n".join(lines) + '\nsetting,,,,,,,,rotation.x,"{not json"\n'


def _huge(text: str) -> str:  # the csv module's own error: a cell over its field limit
    return text + 'setting,,,,,,,,rotation.x,"' + "x" * 140_000 + '"\n'


def _bad_time(text: str) -> str:
    lines = text.splitlines()
    first = lines[1].split(",")
    first[3] = "yesterday"
    lines[1] = ",".join(first)
    return "\n".join(lines) + "\n"


CSVS = [
    (
        _header,
        "The CSV header is not sitecare's. Expected: record,id,uid,",
        "El encabezado del archivo CSV no es el de sitecare. Se esperaba: record,id,uid,",
    ),
    (
        _columns,
        "Line 3 of the CSV file has the wrong number of columns.",
        "La línea 3 del archivo CSV no tiene el número correcto de columnas.",
    ),
    (
        _kind,
        "Line 2: unknown record type 'vaccine'.",
        "Línea 2: tipo de registro desconocido 'vaccine'.",
    ),
    (_id, "Line 2: the id 'one' is not a number.", "Línea 2: el id 'one' no es un número."),
    (
        _data,
        "the data column is not valid JSON.",
        "la columna data no es JSON válido.",
    ),
    (
        _huge,
        "The CSV file is damaged: field larger than field limit (131072).",
        "El archivo CSV está dañado cerca de la línea",
    ),
    (
        _bad_time,
        "The file has a bad record: injection #1, field 'at': Input should be a valid datetime",
        "El archivo tiene un registro con un error: inyección n.º 1, campo «at»: debe ser una "
        "fecha y una hora con zona horaria (por ejemplo 2026-11-20T08:30:00+01:00)",
    ),
]


@pytest.mark.parametrize(("change", "english", "spanish"), CSVS)
def test_a_bad_csv_export_is_said_in_spanish(
    sample: Sitecare, sqlite_url: str, tmp_path: Path, change: Any, english: str, spanish: str
) -> None:
    path = tmp_path / "export.csv"
    path.write_text(change(sample.transfer.export_csv(now=NOW)))
    out = said(run(sqlite_url, "import", str(path)))
    assert spanish in out
    assert english_left(out) == []
    assert english in said(run(sqlite_url, "import", str(path), lang="en"))


# -- a bad field of a JSON export (pydantic's words, and the domain's own reading) ----------------


def _at(doc: dict[str, Any]) -> None:
    doc["injections"][0]["at"] = "yesterday"


def _route(doc: dict[str, Any]) -> None:
    doc["injections"][1]["route"] = "iv"


def _control(doc: dict[str, Any]) -> None:
    doc["injections"][0]["note"] = "before \x1b[31m breakfast"


def _missing(doc: dict[str, Any]) -> None:
    del doc["injections"][2]["uid"]


def _unknown_field(doc: dict[str, Any]) -> None:
    doc["observations"][0]["colour"] = "red"


def _rest(doc: dict[str, Any]) -> None:
    doc["observations"][1]["rest_days"] = -1


def _version(doc: dict[str, Any]) -> None:
    doc["version"] = 2


RECORDS = [
    (
        _at,
        "The file has a bad record: injection #1, field 'at': Input should be a valid datetime",
        "inyección n.º 1, campo «at»: debe ser una fecha y una hora con zona horaria",
    ),
    (
        _route,
        "The file has a bad record: injection #2, field 'route': Value error, unknown route 'iv'",
        "inyección n.º 2, campo «route»: el valor no es válido: vía desconocida 'iv'",
    ),
    (
        _control,
        "injection #1, field 'note': Value error, contains a control character (U+001B)",
        "inyección n.º 1, campo «note»: el valor no es válido: tiene un carácter de control "
        "(U+001B)",
    ),
    (
        _missing,
        "The file has a bad record: injection #3, field 'uid': Field required",
        "inyección n.º 3, campo «uid»: este campo es obligatorio",
    ),
    (
        _unknown_field,
        "observation #1, field 'colour': Extra inputs are not permitted",
        "revisión n.º 1, campo «colour»: no es un campo permitido aquí",
    ),
    (
        _rest,
        "observation #2, field 'rest_days': Input should be greater than or equal to 0",
        "revisión n.º 2, campo «rest_days»: debe ser 0 o más",
    ),
    (
        _version,
        "The file has a bad record: field 'version': Input should be 1",
        "El archivo tiene un registro con un error: campo «version»: debe ser 1",
    ),
]


@pytest.mark.parametrize(("change", "english", "spanish"), RECORDS)
def test_a_bad_field_of_an_export_is_said_in_spanish(
    open_services: Open, sqlite_url: str, tmp_path: Path, change: Any, english: str, spanish: str
) -> None:
    from sitecare.domain.atlas import load_atlas
    from sitecare.domain.errors import ImportFileError
    from sitecare.domain.messages import localise
    from sitecare.domain.transfer import read_document

    doc = json.loads(json.dumps(sample_document(open_services(sqlite_url))))
    change(doc)
    path = tmp_path / "export.json"
    path.write_text(json.dumps(doc))
    out = said(run(sqlite_url, "import", str(path)))
    assert spanish in out
    assert english_left(out) == []
    assert english in said(run(sqlite_url, "import", str(path), lang="en"))
    with pytest.raises(ImportFileError) as pocket:  # pocket's reading, without pydantic
        read_document(doc, load_atlas())
    assert spanish in localise(pocket.value.message, "es")
    assert english_left(localise(pocket.value.message, "es")) == []


# -- restore of a damaged backup -------------------------------------------------------------------


def _corrupt(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[4096 * 3 : 4096 * 3 + 200] = b"\xff" * 200  # one page of a table overwritten
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", ["corrupt", "archive"])
def test_a_damaged_backup_is_said_in_spanish(
    open_services: Open, tmp_path: Path, sqlite_copy: Callable[[str], str], damage: str
) -> None:
    from tests.storage.test_backup import _log, _plain_backup

    url = sqlite_copy("db.sqlite3")
    other = open_services(sqlite_copy("other.sqlite3"))
    for n in range(300):
        _log(other, n)
    bad = tmp_path / "bad.sqlite3"
    _plain_backup(other, bad)
    if damage == "corrupt":  # SQLite's own words in the English
        _corrupt(bad)
    else:  # a zip file whose manifest is missing
        bad = tmp_path / "bad.zip"
        with zipfile.ZipFile(bad, "w") as zf:
            zf.writestr("database.sqlite3", b"SQLite")
    english = run(url, "restore", str(bad), "--yes", lang="en")
    out = said(run(url, "restore", str(bad), "--yes"), code=english.exit_code)
    assert english.exit_code != 0 and "No se cambió nada." in out
    assert english_left(out) == []
    assert "Nothing was changed." in said(english, code=english.exit_code)
    if damage == "corrupt":
        assert "La copia de seguridad" in out and "SQLite" in out
    else:
        assert "Este archivo zip no es una copia de seguridad de sitecare." in out


def test_a_zip_export_without_its_document_is_said_in_spanish(
    sqlite_url: str, tmp_path: Path
) -> None:
    from sitecare.services.transfer_zip import DOCUMENT

    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("notes.txt", "hello")
    out = said(run(sqlite_url, "import", str(path)))
    assert f"El archivo zip no tiene {DOCUMENT}." in out and english_left(out) == []
    assert f"The zip file has no {DOCUMENT}." in said(
        run(sqlite_url, "import", str(path), lang="en")
    )
