"""Every standard code sitecare writes is one shared/design/ecosystem.md marks as verified.

SNOMED CT codes of the atlas and of data/fhir_mapping.yaml must sit in a table row of sections
1.3-1.6 marked [V] (or [V]*, or in the route table, verified as a whole); ActSite codes in the
table of section 1.4; LOINC codes in section 1.7. A code marked [P], [U] or "avoid" fails.
"""

from __future__ import annotations

import re

import pytest
from tests.exports.conftest import ECOSYSTEM_COPY, ecosystem_md, shared_dir

from sitecare.domain.atlas import load_atlas
from sitecare.exports.mapping import load_mapping

SNOMED_ID = re.compile(r"^\d{6,18}$")


def _sections(text: str) -> dict[str, str]:
    parts = re.split(r"^### (1\.\d)\b.*$", text, flags=re.M)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def _rows(section: str) -> list[list[str]]:
    rows = []
    for line in section.splitlines():
        if line.startswith("|") and not set(line) <= set("|- "):
            rows.append([c.strip().replace("*", "") for c in line.strip("|").split("|")])
    return rows


def verified_snomed() -> set[str]:
    sections = _sections(ecosystem_md().read_text(encoding="utf-8"))
    codes: set[str] = set()
    for key in ("1.3", "1.6"):
        for row in _rows(sections[key]):
            marks = [
                i for i, c in enumerate(row) if re.fullmatch(r"\[(V|P|U)\]|avoid|\[V-test\]", c)
            ]
            if not marks or row[marks[0]] != "[V]":
                continue
            for cell in row[: marks[0]]:
                codes.update(t for t in re.split(r"[\s/]+", cell) if SNOMED_ID.match(t))
    for row in _rows(sections["1.5"])[1:]:  # the route table: verified as a whole
        codes.update(t for t in row[1].split() if SNOMED_ID.match(t))
    return codes


def verified_actsite() -> set[str]:
    sections = _sections(ecosystem_md().read_text(encoding="utf-8"))
    codes: set[str] = set()
    for row in _rows(sections["1.4"])[1:]:
        for cell in row[:2]:
            codes.update(t for t in re.split(r"[\s,]+", cell) if re.fullmatch(r"[A-Z]{2,5}", t))
    return codes


def _atlas_snomed() -> set[str]:
    codes = set()
    for region in load_atlas():
        codes.update(region.codes.get("snomed", {}).values())
        if "laterality" in region.codes:
            codes.add(region.codes["laterality"])
    return codes


def _mapping_snomed() -> set[str]:
    raw = load_mapping().raw
    codes = set(raw["snomed_display"])
    for table in ("routes", "findings", "conditions"):
        codes.update(spec["snomed"] for spec in raw[table].values() if "snomed" in spec)
    return codes


def test_the_parser_reads_the_document() -> None:
    snomed = verified_snomed()
    assert {"75093004", "34206005", "95382004", "7771000"} <= snomed
    assert "63125000" not in snomed  # [P]: only a mocked term in SNOMED tooling tests
    assert "818981001" not in snomed  # "avoid"
    assert {"LACF", "RVG", "BU", "LUAQ"} <= verified_actsite()


def test_every_snomed_code_we_write_is_verified() -> None:
    unverified = (_atlas_snomed() | _mapping_snomed()) - verified_snomed()
    assert not unverified, sorted(unverified)


def test_every_actsite_code_we_write_is_verified() -> None:
    written = {r.codes["actsite"] for r in load_atlas() if "actsite" in r.codes}
    written |= set(load_mapping().raw["actsite_display"])
    assert not written - verified_actsite(), sorted(written - verified_actsite())


def test_every_atlas_code_has_a_display() -> None:
    raw = load_mapping().raw
    site_codes = {c for r in load_atlas() for c in r.codes.get("snomed", {}).values()}
    assert not site_codes - set(raw["snomed_display"])
    actsite = {r.codes["actsite"] for r in load_atlas() if "actsite" in r.codes}
    assert not actsite - set(raw["actsite_display"])


def test_loinc_codes_are_from_the_verified_list() -> None:
    section = _sections(ecosystem_md().read_text(encoding="utf-8"))["1.7"]
    for spec in load_mapping().raw["vitals"].values():
        if "loinc" in spec:
            assert f"{spec['loinc']} {spec['display']}" in section


def test_the_copy_of_ecosystem_md_is_current() -> None:
    shared = shared_dir()
    if shared is None:
        pytest.skip("shared/ is not beside the checkout: the copy is what there is")
    original = (shared / "design" / "ecosystem.md").read_text(encoding="utf-8")
    assert ECOSYSTEM_COPY.read_text(encoding="utf-8") == original, (
        "tests/exports/ecosystem.md differs from shared/design/ecosystem.md: copy it again"
    )
