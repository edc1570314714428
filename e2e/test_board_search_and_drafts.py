"""The board's own tools in a real browser: a search within its posts, and a post written over two
sittings with the Markdown toolbar and the preview (kept as a draft, resumed, published)."""

import pytest
from playwright.sync_api import expect

from e2e.browser import SCREENS, login
from e2e.steps import check_page, text_in
from renkei.board.models import Category, Post
from renkei.board.services import categories_create_defaults, post_create
from renkei.networks.models import Network
from renkei.testing import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.parametrize("screen", SCREENS, ids=[s.name for s in SCREENS])]


def _post(world, network, title, body, visibility=Post.Visibility.MEMBERS):
    post_create(
        network=network,
        author=world.bob,
        author_organisation=world.bob_org,
        category=network.board_categories.get(kind=Category.Kind.PROPOSAL),
        title=title,
        body=body,
        visibility=visibility,
    )


def _board(page, screen, world):
    login(page, world.alice.email, PASSWORD, lang=screen.lang)
    page.goto(screen.path(f"/networks/{world.network.slug}/board/"))


def test_a_board_search(page, screen, board_world):
    world = board_world
    _post(world, world.network, "観光地域づくりの連携", "広域で観光地域づくりに取り組む自治体を募集します。")
    _post(world, world.network, "光のまつりのお知らせ", "冬の光のまつりを開きます。")
    other = Network.objects.create(
        slug="other",
        kind=world.network.kind,
        name="別の連合",
        name_ja="別の連合",
        name_en="Other alliance",
        secretariat=world.network.secretariat,
    )
    categories_create_defaults(other)
    _post(world, other, "別の連合の観光情報", "観光の情報です。", Post.Visibility.PUBLIC)
    _board(page, screen, world)

    search = page.get_by_role("search", name=text_in(screen, "Search this board"))
    search.get_by_label(text_in(screen, "Search this board")).fill("観光")
    with page.expect_navigation():
        search.get_by_role("button", name=text_in(screen, "Search")).click()

    results = page.locator(".search-results")
    expect(results.get_by_role("link", name="観光地域づくりの連携")).to_be_visible()
    expect(results.locator("mark").first).to_have_text("観光")
    # Only this board's posts, and 光 alone is not 観光.
    expect(page.locator("main")).not_to_contain_text("別の連合の観光情報")
    expect(page.locator("main")).not_to_contain_text("光のまつりのお知らせ")
    expect(page.get_by_role("status")).to_have_text(text_in(screen, "%(counter)s result", counter=1))
    check_page(page)


def test_a_draft_resumed_and_posted(page, screen, board_world):
    world = board_world
    _board(page, screen, world)
    with page.expect_navigation():
        page.get_by_role("link", name=text_in(screen, "New post")).click()
    form = page.locator("main form")
    form.get_by_label(text_in(screen, "title"), exact=False).first.fill("防災訓練のご案内")
    body = form.locator("textarea[name='body']")
    body.fill("訓練を行います。\n")
    # The toolbar puts Markdown into the body; the preview shows it rendered.
    toolbar = form.get_by_role("toolbar", name=text_in(screen, "Formatting"))
    toolbar.get_by_role("button", name=text_in(screen, "Make bold")).click()
    expect(body).to_have_value("訓練を行います。\n**" + text_in(screen, "bold text") + "**")
    toolbar.get_by_role("button", name=text_in(screen, "Preview", context="button")).click()
    preview = page.locator("#body-preview")
    expect(preview.get_by_role("heading", name=text_in(screen, "Preview of the body"))).to_be_visible()
    expect(preview.locator("strong")).to_have_text(text_in(screen, "bold text"))
    check_page(page)

    with page.expect_navigation():
        form.get_by_role("button", name=text_in(screen, "Save as draft")).click()
    drafts = page.get_by_role("region", name=text_in(screen, "Your drafts"))
    expect(drafts.get_by_role("link", name="防災訓練のご案内")).to_be_visible()
    check_page(page)

    with page.expect_navigation():
        drafts.get_by_role("link", name="防災訓練のご案内").click()
    form = page.locator("main form")
    expect(form.get_by_label(text_in(screen, "title"), exact=False).first).to_have_value("防災訓練のご案内")
    expect(form.locator("textarea[name='body']")).to_have_value(
        "訓練を行います。\n**" + text_in(screen, "bold text") + "**"
    )
    with page.expect_navigation():
        form.get_by_role("button", name=text_in(screen, "Publish")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("防災訓練のご案内")
    expect(page.locator("main .post-body strong")).to_have_text(text_in(screen, "bold text"))
    page.goto(screen.path(f"/networks/{world.network.slug}/board/"))
    expect(page.get_by_role("region", name=text_in(screen, "Your drafts"))).to_have_count(0)
    check_page(page)
