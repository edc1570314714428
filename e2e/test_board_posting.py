"""Posting on the board in a real browser: attachments with thumbnails, themes and regions, hostile Markdown."""

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from e2e.browser import SCREENS, login
from e2e.steps import check_page, text_in
from renkei.networks.services import themes_create_defaults
from renkei.testing import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.parametrize("screen", SCREENS, ids=[s.name for s in SCREENS])]

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
HOSTILE_BODY = """防災訓練の資料です。

<script>alert(1)</script>

<img src=x onerror=alert(1)>

[x](javascript:alert(1))

<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><circle r="5" onload="alert(1)"/></svg>

<a href="#" onclick="alert(1)">click</a>
"""


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (960, 540), (30, 90, 200)).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def world(board_world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    themes_create_defaults(board_world.network)
    return board_world


def _open_new_post_form(page, screen, world):
    login(page, world.alice.email, PASSWORD, lang=screen.lang)
    page.goto(screen.path(f"/networks/{world.network.slug}/board/"))
    with page.expect_navigation():
        page.get_by_role("link", name=text_in(screen, "New post")).click()
    return page.locator("main form")


def test_a_member_posts_with_a_pdf_and_an_image_and_sees_thumbnail_and_download_link(page, screen, world):
    form = _open_new_post_form(page, screen, world)
    form.get_by_label(text_in(screen, "title"), exact=False).first.fill("防災訓練のご案内")
    form.locator("textarea[name='body']").fill("訓練の計画書と会場の写真を添付します。")
    form.get_by_label(screen.text("防災", "Disaster prevention"), exact=True).check()
    form.locator("summary").click()
    form.get_by_label(text_in(screen, "All of %(region)s", region=screen.text("近畿", "Kinki"))).check()
    form.locator("input[name='attachments']").set_input_files(
        [
            {"name": "訓練計画.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES},
            {"name": "会場.png", "mimeType": "image/png", "buffer": _png()},
        ]
    )
    check_page(page)
    with page.expect_navigation():
        form.get_by_role("button", name=text_in(screen, "Publish")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("防災訓練のご案内")
    thumbnail = page.get_by_role("img", name="会場.png")
    expect(thumbnail).to_be_visible()
    # The thumbnail really loaded (320 px wide), from the board's own view, not a public media URL.
    # It loads lazily, so on a phone it is fetched once scrolled into view.
    thumbnail.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=thumbnail.element_handle())
    assert thumbnail.evaluate("img => img.naturalWidth") == 320
    assert "/board/attachments/" in thumbnail.get_attribute("src")
    download = page.get_by_role("link", name="訓練計画.pdf")
    expect(download).to_be_visible()
    expect(page.locator("main")).to_contain_text("PDF")
    expect(page.locator("main dl.details")).to_contain_text(screen.text("近畿", "Kinki"))
    expect(page.locator("main dl.details")).to_contain_text(screen.text("防災", "Disaster prevention"))
    check_page(page)

    response = page.request.get(download.get_attribute("href"))
    assert response.status == 200 and response.body() == PDF_BYTES
    assert response.headers["content-disposition"].startswith("attachment")
    assert response.headers["x-content-type-options"] == "nosniff"


def test_hostile_markdown_renders_inert_in_the_browser(page, screen, world):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    form = _open_new_post_form(page, screen, world)
    form.get_by_label(text_in(screen, "title"), exact=False).first.fill("資料のご案内")
    form.locator("textarea[name='body']").fill(HOSTILE_BODY)
    with page.expect_navigation():
        form.get_by_role("button", name=text_in(screen, "Publish")).click()

    body = page.locator("main .post-body").first
    expect(body).to_contain_text("防災訓練の資料です。")
    # Give an onerror or onload handler every chance to fire, then click the links.
    page.wait_for_load_state("load")
    for link in body.locator("a").all():
        link.click(no_wait_after=True)
    page.wait_for_timeout(300)
    assert dialogs == []
    assert body.locator("script, svg, img, iframe, object, embed").count() == 0
    assert body.locator("[onerror], [onload], [onclick]").count() == 0
    assert body.locator("a[href^='javascript:' i]").count() == 0
    check_page(page)
