"""``sitecare pocket build``: the files, their names, the emergency pages, the size."""

from __future__ import annotations

import json
import re
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from sitecare.domain.triage.questionnaire import load_questions
from sitecare.pocket.runtime import PocketError, check_integrity, fetch_tarball
from sitecare.pocket.site import assemble, sizes

MiB = 2**20


def _info(site: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((site / "pocket.json").read_text())


def test_every_file_is_listed_hashed_and_precached(pocket_site: Path) -> None:
    info = _info(pocket_site)
    files = info["files"]
    on_disk = {
        p.relative_to(pocket_site).as_posix()
        for p in pocket_site.rglob("*")
        if p.is_file() and not p.name.endswith((".gz", ".br"))
    }
    assert on_disk == set(files) | {"sw.js", "pocket.json"}
    fixed = {"index.html", "index.es.html", "manifest.webmanifest"}
    for path, digest in files.items():
        if path in fixed or path.startswith("rf/"):
            continue
        assert digest[:8] in path or path.startswith(info["runtime"]), path
    sw = (pocket_site / "sw.js").read_text()
    listed = json.loads(re.search(r"const CONFIG = (\{.*?\n\});", sw, re.S).group(1))  # type: ignore[union-attr]
    assert listed["files"] == files
    assert listed["cacheName"] == info["cache"]


def test_the_runtime_is_the_pinned_one_and_nothing_comes_from_elsewhere(pocket_site: Path) -> None:
    info = _info(pocket_site)
    assert info["pyodide"] == "314.0.8"
    assert info["lock_info"]["python"].startswith("3.14")
    for name in ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm"):
        assert (pocket_site / info["runtime"] / name).is_file()
    ours = [p for p in pocket_site.rglob("*") if p.suffix in (".html", ".css", ".webmanifest")]
    ours += (
        [pocket_site / "sw.js"]
        + list(pocket_site.glob("app.*.js"))
        + list(pocket_site.glob("worker.*.js"))
    )
    for path in ours:
        assert not re.search(r"https?://", path.read_text()), path


def test_a_build_is_reproducible(pocket_site: Path) -> None:
    from sitecare.config import default_cache_dir

    again = assemble(cache_dir=default_cache_dir(), emergency_number="911", offline=True)
    assert json.loads(again.files["pocket.json"])["files"] == _info(pocket_site)["files"]


def test_first_load_is_within_the_size_target(pocket_site: Path) -> None:
    total = sizes(pocket_site)
    assert total["gzip"] <= 7 * MiB, total
    assert total["brotli"] <= total["gzip"]


def test_every_red_flag_answer_has_a_static_call_now_page(pocket_site: Path) -> None:
    shell = (pocket_site / "index.html").read_text()
    assert 'href="tel:911"' in shell and "Emergency? Call 911" in shell
    options = [(q, o) for q in load_questions() if q.red_flag for o in q.options]
    assert options
    for q, o in options:
        rel = f"rf/{q.id}-{o.id}.html"
        assert f'href="/pocket/{rel}"' in shell
        page = (pocket_site / rel).read_text()
        assert "Emergency: call now" in page and 'href="tel:911"' in page
        assert "Call 911 now" in page
        assert "<script" not in page
        assert '<ol class="do-now">' in page  # what to do now, from the rule engine
        assert 'href="/pocket/app.' in page  # the web app's CSS, from pocket


def test_the_emergency_shell_and_its_pages_are_in_spanish_too(pocket_site: Path) -> None:
    """No JavaScript needed: index.es.html and rf/es/ say it all in Spanish, each page's
    language switch goes to the same page in the other language."""
    from sitecare.domain.triage.i18n import translator

    tr = translator("es")
    shell = (pocket_site / "index.es.html").read_text()
    english = (pocket_site / "index.html").read_text()
    assert shell.startswith('<!doctype html>\n<html lang="es">')
    assert english.startswith('<!doctype html>\n<html lang="en">')
    assert "¿Emergencia? Llame al 911" in shell and "<h1>¿Es una emergencia?</h1>" in shell
    assert "Marque todo" not in shell and "Tick all" not in english
    switch = '<a class="language-switch" href="/pocket/index.html" lang="en" hreflang="en"'
    assert switch in shell and 'href="/pocket/index.es.html" lang="es"' in english
    for q in [q for q in load_questions() if q.red_flag]:
        for o in q.options:
            rel = f"rf/es/{q.id}-{o.id}.html"
            assert f'href="/pocket/{rel}">{tr(o.text)}</a>' in shell
            page = (pocket_site / rel).read_text()
            assert '<html lang="es">' in page and "<script" not in page
            assert "Emergencia: llame ahora" in page and "Llame al 911 ahora" in page
            assert f'href="/pocket/rf/{q.id}-{o.id}.html" lang="en"' in page
            there = (pocket_site / f"rf/{q.id}-{o.id}.html").read_text()
            assert f'href="/pocket/{rel}" lang="es"' in there
    # English words left in the Spanish shell: only the brand and the switch's "English"
    text = re.sub(r"<[^>]+>", " ", shell.split("<body>", 1)[1])
    assert not re.search(r"\b(the|you|and|call|now|this|tap)\b", text, re.I), text


def test_the_scripts_say_every_line_in_spanish(pocket_site: Path) -> None:
    """app.js and worker.js carry a table for Spanish with every t("...") line they say,
    each translated (the catalog check makes sure of the Spanish itself)."""
    from sitecare.pocket.words import script_lines

    for name in ("app", "worker"):
        (built,) = pocket_site.glob(f"{name}.*.js")
        source = (
            Path(__file__).parents[2] / "src/sitecare/pocket/assets" / f"{name}.js"
        ).read_text()
        lines = script_lines(source)
        assert len(lines) >= (15 if name == "app" else 5)
        config = json.loads(built.read_text().split("const CONFIG = ", 1)[1].split(";\n", 1)[0])
        spanish = config["words"]["es"]
        assert set(spanish) == set(lines)
        assert all(spanish[line] and spanish[line] != line for line in lines), spanish


def test_the_build_reads_the_same_script_lines_as_babel() -> None:
    """sitecare.pocket.words reads t("...") with a pattern (no Babel at build time); Babel's
    JavaScript extractor (scripts/i18n.py) must find the very same lines."""
    from babel.messages.extract import extract_from_file

    from sitecare.pocket.words import script_lines

    for path in sorted((Path(__file__).parents[2] / "src/sitecare/pocket/assets").glob("*.js")):
        babel = [m for _l, m, _c, _x in extract_from_file("javascript", str(path), {"t": None})]
        assert script_lines(path.read_text()) == list(dict.fromkeys(babel)), path.name


def test_the_manifest_makes_it_installable(pocket_site: Path) -> None:
    manifest = json.loads((pocket_site / "manifest.webmanifest").read_text())
    assert manifest["start_url"] == "/pocket/" and manifest["scope"] == "/pocket/"
    assert manifest["display"] == "standalone"
    sizes_ = {i["sizes"] for i in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes_
    assert any(i.get("purpose") == "maskable" for i in manifest["icons"])
    for icon in manifest["icons"]:
        data = (pocket_site / icon["src"]).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = struct.unpack(">II", data[16:24])
        assert f"{width}x{height}" == icon["sizes"]
        assert zlib.decompress(data[data.index(b"IDAT") + 4 : -16])  # a whole image


def test_compressed_twins_are_smaller(pocket_site: Path) -> None:
    wasm = next(pocket_site.rglob("pyodide.asm.wasm"))
    for ext in (".gz", ".br"):
        twin = wasm.with_name(wasm.name + ext)
        assert twin.stat().st_size < wasm.stat().st_size * 0.5


def test_integrity_is_checked(tmp_path: Path) -> None:
    assert not check_integrity(b"not pyodide")
    (tmp_path / "pyodide-314.0.8.tgz").write_bytes(b"damaged")
    with pytest.raises(PocketError, match="not in the cache"):
        fetch_tarball(tmp_path, offline=True)
    assert not (tmp_path / "pyodide-314.0.8.tgz").exists()  # a damaged copy is never used


def test_the_cli_builds_and_refuses_a_foreign_folder(tmp_path: Path, pocket_site: Path) -> None:
    from typer.testing import CliRunner

    from sitecare.cli.app import app

    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("keep me")
    result = CliRunner().invoke(app, ["pocket", "build", str(foreign), "--offline"])
    assert result.exit_code != 0
    assert "not a pocket build" in result.output
    assert (foreign / "notes.txt").read_text() == "keep me"
    result = CliRunner().invoke(
        app, ["pocket", "build", str(tmp_path / "site"), "--offline", "--no-compile"]
    )
    assert result.exit_code == 0, result.output
    assert "MiB gzip" in result.output
    assert (tmp_path / "site" / "index.html").is_file()
    info = _info(tmp_path / "site")
    assert info["compiled"] is None
    names = zipfile.ZipFile(tmp_path / "site" / info["bundle"]).namelist()
    assert "sitecare/views/api.py" in names and not [n for n in names if n.endswith(".pyc")]


def test_the_python_is_compiled_by_the_runtime_itself(pocket_site: Path, node: str) -> None:
    """With Node, what pocket imports is sourceless .pyc for Pyodide's Python, and the
    templates' Jinja2 bytecode is shipped; what it never imports stays .py."""
    info = _info(pocket_site)
    assert info["compiled"]["python"].startswith("3.14")
    bundle = zipfile.ZipFile(pocket_site / info["bundle"]).namelist()
    assert "sitecare/views/api.pyc" in bundle and "sitecare/views/api.py" not in bundle
    assert "sitecare/domain/triage/engine.pyc" in bundle and "jinja2/environment.pyc" in bundle
    assert [n for n in bundle if n.startswith("_jinja_cache/")]
    assert "sitecare/web/templates/home.html" in bundle  # templates stay files
    stdlib = zipfile.ZipFile(pocket_site / info["stdlib"]).namelist()
    assert "json/decoder.pyc" in stdlib and "re/_parser.pyc" in stdlib
    assert "calendar.py" in stdlib  # never imported by pocket: left as source
    assert not [n for n in stdlib if n.startswith(("email/", "unittest/", "tkinter/"))]


def test_one_pocket_build_at_a_time_over_one_cache(tmp_path: Path) -> None:
    """Two builds over one cache (a server's workers, the test suite's workers) take turns: the
    second waits for the first, then finds its files cached, instead of both writing them."""
    import subprocess
    import sys
    import time

    from sitecare.pocket.runtime import cache_lock

    hold = (
        "import sys, time\nfrom pathlib import Path\nfrom sitecare.pocket.runtime import "
        "cache_lock\nwith cache_lock(Path(sys.argv[1])):\n    print('held', flush=True)\n"
        "    time.sleep(1.5)\n"
    )
    other = subprocess.Popen(
        [sys.executable, "-c", hold, str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    assert other.stdout is not None and other.stdout.readline().strip() == "held"
    start = time.monotonic()
    with cache_lock(tmp_path):
        waited = time.monotonic() - start
    assert other.wait(timeout=10) == 0
    other.stdout.close()
    assert waited > 0.5
