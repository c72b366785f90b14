"""`sitecare card` and `sitecare measure`: files out, JSON, exit codes for no card and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.measure.conftest import photo
from typer.testing import CliRunner

from sitecare.cli.app import app


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, list(args))


@pytest.fixture(scope="module")
def photos(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("photos")
    made = {"mark": photo(tone="dark", size_mm=12.0, seed=31), "none": photo(with_card=False)}
    for name, p in made.items():
        (folder / f"{name}.jpg").write_bytes(p.jpeg)
    (folder / "text.jpg").write_text("not a photo")
    return {name: folder / f"{name}.jpg" for name in ("mark", "none", "text")}


def test_card_writes_a_png_or_a_pdf_and_refuses_other_endings(tmp_path: Path) -> None:
    assert run("card", "--output", str(tmp_path / "c.png")).exit_code == 0
    assert (tmp_path / "c.png").read_bytes().startswith(b"\x89PNG")
    assert run("card", "--output", str(tmp_path / "c.pdf")).exit_code == 0
    assert (tmp_path / "c.pdf").read_bytes().startswith(b"%PDF")
    bad = run("card", "--output", str(tmp_path / "c.gif"))
    assert bad.exit_code == 2 and ".png or .pdf" in bad.stderr


def test_card_is_drawn_in_the_output_language(tmp_path: Path) -> None:
    from sitecare.services.measure import card_bytes

    env = {"SITECARE_LANGUAGE": "es", "LC_ALL": "", "LANG": "C"}
    res = CliRunner().invoke(app, ["card", "--output", str(tmp_path / "es.png")], env=env)
    assert res.exit_code == 0 and "Se escribió la tarjeta" in res.output
    assert (tmp_path / "es.png").read_bytes() == card_bytes("png", "es") != card_bytes("png")
    flag = ["--language", "es", "card", "--output", str(tmp_path / "es.pdf")]
    assert run(*flag).exit_code == 0
    assert (tmp_path / "es.pdf").read_bytes() == card_bytes("pdf", "es")


def test_measure_json_has_the_documented_keys(photos: dict[str, Path]) -> None:
    result = run("measure", str(photos["mark"]), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    keys = {
        "card_found",
        "area_mm2",
        "longest_mm",
        "across_mm",
        "outline",
        "confidence",
        "warnings",
    }
    assert keys <= data.keys() and data["card_found"] is True
    truth = photo(tone="dark", size_mm=12.0, seed=31).area_mm2
    assert abs(data["area_mm2"] / truth - 1) < 0.08
    assert len(data["outline"]) >= 8 and 0 < data["confidence"] <= 1


def test_measure_an_outline_in_words(photos: dict[str, Path]) -> None:
    p = photo(tone="dark", size_mm=12.0, seed=31)
    outline = ";".join(f"{x:.1f},{y:.1f}" for x, y in p.outline_px[::6])
    result = run("measure", str(photos["mark"]), "--outline", outline)
    assert result.exit_code == 0, result.output
    assert "Area:" in result.stdout and "mm²" in result.stdout


def test_no_card_says_so_and_has_its_own_exit_code(photos: dict[str, Path]) -> None:
    text = run("measure", str(photos["none"]))
    assert text.exit_code == 3 and "No card found" in text.stderr
    as_json = run("measure", str(photos["none"]), "--json")
    assert as_json.exit_code == 3
    assert json.loads(as_json.stdout)["card_found"] is False


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["missing.jpg"], "not found"),
        (["text"], "not a photo"),
        (["mark", "--outline", "10,10;20"], "Point 2 of the outline"),
        (["mark", "--outline", "10,10;40,40;40,10;10,40"], "crosses itself"),
        (["mark", "--outline", "10,10;9000,10;10,300"], "outside the photo"),
        (["mark", "--seed", "1;2"], "write each point as x,y"),
        (["mark", "--seed", "5000,5000"], "outside the photo"),
    ],
)
def test_bad_input_is_named_and_exits_2(
    photos: dict[str, Path], args: list[str], words: str
) -> None:
    name, *rest = args
    path = photos.get(name, photos["mark"].with_name(name))
    result = run("measure", str(path), *rest)
    assert result.exit_code == 2, result.output
    assert words in result.stderr
