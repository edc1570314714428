"""Answering a post in the browser: a reply, an answer in its thread, 関心あり, and private messages."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from playwright.sync_api import expect

from e2e.browser import SCREENS, login
from e2e.steps import check_page, sign_in_with_authenticator, text_in
from renkei.board.models import Category, Post, Reply
from renkei.board.services import post_create, reply_create, report_create
from renkei.testing import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.parametrize("screen", SCREENS, ids=[s.name for s in SCREENS])]


def test_members_reply_in_threads_mark_interest_and_write_to_each_other(page, screen, board_world):
    post = post_create(
        network=board_world.network,
        author=board_world.alice,
        author_organisation=board_world.alice_org,
        category=board_world.network.board_categories.get(kind=Category.Kind.PROPOSAL),
        title="観光連携のご提案",
        body="**観光**の分散について一緒に取り組みませんか。",
        visibility=Post.Visibility.MEMBERS,
    )
    post_url = screen.path(f"/networks/{board_world.network.slug}/board/{post.pk}/")
    bob_org = screen.text(board_world.bob_org.name_ja, board_world.bob_org.name_en)

    # Bob replies to Alice's post, then marks his organisation as interested.
    login(page, board_world.bob.email, PASSWORD, lang=screen.lang)
    page.goto(post_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("観光連携のご提案")
    check_page(page)
    reply_form = page.get_by_role("form", name=text_in(screen, "Reply to the post"))
    reply_form.locator("textarea").fill("南砺市も参加したいです。")
    with page.expect_navigation():
        reply_form.get_by_role("button", name=text_in(screen, "Reply")).click()
    reply = Reply.objects.get()
    expect(page.locator(f"#reply-{reply.pk}")).to_contain_text("南砺市も参加したいです。")
    with page.expect_navigation():
        page.locator("#interest").get_by_role("button", name=text_in(screen, "Interested")).click()
    expect(page.locator("#interest")).to_contain_text(text_in(screen, "Your organisation is interested"))
    check_page(page)

    # Alice answers Bob's reply in its thread, and sees Bob's organisation among the interested.
    page.context.clear_cookies()
    login(page, board_world.alice.email, PASSWORD, lang=screen.lang)
    page.goto(post_url)
    thread = page.locator(f"#reply-{reply.pk}")
    with page.expect_navigation():
        thread.get_by_role("link", name=text_in(screen, "Reply")).click()
    thread.locator("textarea").fill("ありがとうございます。詳細をお送りします。")
    check_page(page)
    with page.expect_navigation():
        thread.get_by_role("button", name=text_in(screen, "Send answer", context="thread")).click()
    answer = Reply.objects.latest("id")
    assert answer.parent_id == reply.pk
    expect(page.locator(f"#reply-{reply.pk} .thread-answers #reply-{answer.pk}")).to_contain_text(
        "ありがとうございます。"
    )
    interest = page.locator("#interest")
    expect(interest).to_contain_text(bob_org)
    check_page(page)

    # Alice writes to Bob's organisation privately.
    with page.expect_navigation():
        interest.get_by_role("link", name=bob_org, exact=False).click()
    heading = text_in(screen, "Messages with %(name)s", name=bob_org)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    check_page(page)
    page.locator("main form textarea").fill("来週、担当者からお電話します。")
    with page.expect_navigation():
        page.locator("main form").get_by_role("button", name=text_in(screen, "Send")).click()
    expect(page.locator("main .cards")).to_contain_text("来週、担当者からお電話します。")
    check_page(page)

    # Bob reads it on the same page.
    page.context.clear_cookies()
    login(page, board_world.bob.email, PASSWORD, lang=screen.lang)
    page.goto(post_url)
    with page.expect_navigation():
        page.locator("#interest").get_by_role("link").first.click()
    expect(page.locator("main .cards")).to_contain_text("来週、担当者からお電話します。")
    check_page(page)


def test_the_secretariat_deals_with_a_report_and_hides_the_reply(page, screen, board_world):
    post = post_create(
        network=board_world.network,
        author=board_world.alice,
        author_organisation=board_world.alice_org,
        category=board_world.network.board_categories.get(kind=Category.Kind.PAMPHLET),
        title="観光パンフレット配布のお願い",
        body="2,000部の配布先を募集します。",
        visibility=Post.Visibility.MEMBERS,
        copies_requested=2000,
    )
    reply = reply_create(
        post=post, author=board_world.bob, author_organisation=board_world.bob_org, body="広告の返信です"
    )
    report_create(
        post=post, reply=reply, reporter=board_world.alice, organisation=board_world.alice_org, reason="広告です"
    )
    secret = generate_totp_secret()
    TOTP.activate(board_world.secretariat, secret)

    sign_in_with_authenticator(page, screen, board_world.secretariat, secret)
    page.goto(screen.path(f"/networks/{board_world.network.slug}/manage/"))
    with page.expect_navigation():
        page.get_by_role("link", name=text_in(screen, "Reports from members")).click()
    expect(page.locator("main table")).to_contain_text("広告です")
    check_page(page)

    # From the report to the reply, hidden from the members.
    with page.expect_navigation():
        page.locator("main table").get_by_role("link", name="観光パンフレット配布のお願い").click()
    expect(page.locator("#moderation")).to_be_visible()
    check_page(page)
    with page.expect_navigation():
        page.locator(f"#reply-{reply.pk}").get_by_role("button", name=text_in(screen, "Hide reply")).click()
    expect(page.locator(f"#reply-{reply.pk}")).to_contain_text(text_in(screen, "Hidden"))
    reply.refresh_from_db()
    assert reply.hidden

    # The report is dealt with; the categories page opens from the dashboard.
    page.goto(screen.path(f"/networks/{board_world.network.slug}/board/reports/"))
    with page.expect_navigation():
        page.locator("main table").get_by_role("button").first.click()
    expect(page.locator("main table")).to_contain_text(text_in(screen, "No reports."))
    page.goto(screen.path(f"/networks/{board_world.network.slug}/manage/"))
    with page.expect_navigation():
        page.get_by_role("link", name=text_in(screen, "Board categories and themes")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text_in(screen, "Board categories and themes"))
    check_page(page)
