"""The measuring card on the web app: a page to print it, the files, and the second-screen view."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Page, expect

Check = Callable[..., list[Any]]


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_card_files_are_a_png_and_a_pdf_to_download(client: TestClient) -> None:
    png = client.get("/card.png")
    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    assert png.content.startswith(b"\x89PNG") and b"pHYs" in png.content
    assert "attachment" in client.get("/card.png?download=1").headers["content-disposition"]
    pdf = client.get("/card.pdf")
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert 'filename="sitecare-card.pdf"' in pdf.headers["content-disposition"]


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_card_pages_answer_and_refuse_a_silly_size(client: TestClient) -> None:
    page = client.get("/card")
    assert page.status_code == 200 and "Print at actual size" in page.text
    screen = client.get("/card/screen?size=400")
    assert 'width="400"' in screen.text and 'value="416"' in screen.text
    assert client.get("/card/screen?size=5").status_code == 422


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_card_files_are_in_the_pages_language(client: TestClient) -> None:
    from sitecare.services.measure import card_bytes

    es = {"Accept-Language": "es-MX,es;q=0.9", "accept": "text/html"}
    page = client.get("/card", headers=es).text
    assert 'src="/card.png?language=es"' in page and 'href="/card.pdf?language=es"' in page
    assert 'href="/card.png?download=1&amp;language=es"' in page
    assert 'src="/card.png?language=es"' in client.get("/card/screen", headers=es).text
    assert 'src="/card.png?language=en"' in client.get("/card").text
    spanish = client.get("/card.png?language=es")
    assert spanish.content == card_bytes("png", "es") != card_bytes("png", "en")
    assert "vary" not in spanish.headers  # the address says the language
    # without ?language= the card follows the page's language, and says so to caches
    followed = client.get("/card.png", headers={"Accept-Language": "es"})
    assert followed.content == spanish.content and "Accept-Language" in followed.headers["vary"]
    pdf = client.get("/card.pdf?language=es")
    assert pdf.content == card_bytes("pdf", "es")
    assert 'filename="sitecare-card-es.pdf"' in pdf.headers["content-disposition"]
    refused = client.get("/card.png?language=fr")
    assert refused.status_code == 422 and "en, es" in refused.text


def _loaded(page: Page) -> None:
    """Wait until every picture on the page has loaded (the screenshot shows them)."""
    for _ in range(100):
        if page.evaluate("[...document.images].every(i => i.complete && i.naturalWidth > 0)"):
            return
        page.wait_for_timeout(50)
    raise AssertionError("the card picture did not load")


@pytest.mark.browser
def test_the_card_page_at_phone_size(phone: Page, live_server: str, check_page: Check) -> None:
    m = "js" if getattr(phone, "sitecare_js", True) else "nojs"
    phone.goto(live_server + "/card")
    expect(phone.get_by_role("heading", name="Measuring card")).to_be_visible()
    _loaded(phone)
    assert check_page(phone, f"{m}-card") == []
    phone.get_by_role("link", name="Show the card on this screen").click()
    expect(phone.get_by_role("heading", name="Measuring card on screen")).to_be_visible()
    _loaded(phone)
    assert check_page(phone, f"{m}-card-screen") == []
    card = phone.locator("#card-screen")
    before = card.bounding_box()
    phone.get_by_role("button", name="Bigger").click()
    expect(card).not_to_have_attribute("data-size", str(round(before["width"])) if before else "")
    after = card.bounding_box()
    assert before is not None and after is not None and after["width"] > before["width"]
    full = phone.get_by_role("button", name="Full screen")
    if m == "js":
        expect(full).to_be_visible()
        expect(phone).to_have_url(re.compile(r"/card/screen\?size=\d+"))
    else:
        expect(full).to_be_hidden()
