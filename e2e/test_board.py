"""The members' bulletin board: a member posts from the network page, and finds the post again."""

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from e2e.browser import SCREENS, login
from e2e.steps import check_page
from renkei.testing import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.parametrize("screen", SCREENS, ids=[s.name for s in SCREENS])]


def test_a_member_posts_a_proposal_and_reads_it_on_the_board(page, screen, board_world):
    with translation.override(screen.lang):
        board_link = gettext("Bulletin board")
        board_heading = gettext("Bulletin board — %(name)s") % {"name": board_world.network.name}
        new_post = gettext("New post")
        publish = gettext("Publish")
        title_label = gettext("title")

    login(page, board_world.alice.email, PASSWORD, lang=screen.lang)
    page.goto(screen.path(f"/networks/{board_world.network.slug}/"))
    with page.expect_navigation():
        page.get_by_role("link", name=board_link).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(board_heading)
    check_page(page)

    with page.expect_navigation():
        page.get_by_role("link", name=new_post).click()
    form = page.locator("main form")
    form.get_by_label(title_label, exact=False).first.fill("観光地域づくりの連携を提案します")
    form.locator("textarea[name='body']").fill("**観光**の分散について、*DMO* と一緒に取り組みませんか。")
    check_page(page)
    with page.expect_navigation():
        form.get_by_role("button", name=publish).click()

    # The post's page: the body is rendered from Markdown, in the name of 松原市.
    expect(page.get_by_role("heading", level=1)).to_have_text("観光地域づくりの連携を提案します")
    expect(page.locator("main strong").filter(has_text="観光")).to_be_visible()
    expect(page.locator("main")).to_contain_text(
        screen.text(board_world.alice_org.name_ja, board_world.alice_org.name_en)
    )
    check_page(page)

    # Back on the board, the post is listed.
    page.goto(screen.path(f"/networks/{board_world.network.slug}/board/"))
    expect(page.get_by_role("link", name="観光地域づくりの連携を提案します")).to_be_visible()
    check_page(page)
