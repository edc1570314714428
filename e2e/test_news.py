"""News: the secretariat publishes an article and sends a newsletter issue, which arrives by SMTP;
a visitor subscribes (double opt-in through the emailed link) and unsubscribes in one click."""

import re
import socket
from email import message_from_bytes
from email.header import decode_header, make_header

import pytest
from aiosmtpd.controller import Controller
from django.test import override_settings
from playwright.sync_api import expect

from e2e.browser import SCREENS
from e2e.steps import activate_authenticator, check_page, sign_in_with_authenticator, text_in
from renkei.news import sending
from renkei.news.models import Article, Issue, Subscriber
from renkei.news.services import article_create, issue_create
from renkei.testing import build_world

pytestmark = [pytest.mark.e2e, pytest.mark.parametrize("screen", SCREENS, ids=[s.name for s in SCREENS])]


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
        return "250 OK"

    def to(self, address: str):
        found = [message for tos, message in self.messages if address in tos]
        assert found, f"nothing arrived for {address}: {[tos for tos, _m in self.messages]}"
        return found[-1]


def parts(message) -> dict[str, str]:
    if not message.is_multipart():
        return {message.get_content_type(): message.get_payload(decode=True).decode(message.get_content_charset())}
    return {
        part.get_content_type(): part.get_payload(decode=True).decode(part.get_content_charset())
        for part in message.get_payload()
    }


def subject(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


@pytest.fixture
def smtp():
    """A real SMTP server on a free local port; the live server sends its emails to it."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=port,
            EMAIL_USE_TLS=False,
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
        ):
            yield inbox
    finally:
        controller.stop()


@pytest.fixture
def world(registry):
    world = build_world()
    world.totp_secret = activate_authenticator(world.secretariat)
    return world


def test_the_secretariat_publishes_an_article_and_sends_an_issue_that_arrives(page, screen, world, smtp):
    news = f"/networks/{world.network.slug}/news/"
    sign_in_with_authenticator(page, screen, world.secretariat, world.totp_secret)
    page.goto(screen.path(news + "manage/"))
    check_page(page)
    with page.expect_navigation():
        page.get_by_role("link", name=text_in(screen, "New article")).click()
    check_page(page)
    page.get_by_label(text_in(screen, "Kind")).select_option("report")
    page.get_by_label(text_in(screen, "Title (Japanese)", context="heading")).fill("首長TOP LIVE 第4回を開催しました")
    page.get_by_label(text_in(screen, "Title (English)")).fill("Mayors' TOP LIVE No. 4 was held")
    page.get_by_label(text_in(screen, "Summary (Japanese)")).fill("澤井 宏文 松原市長が登壇しました。")
    page.get_by_label(text_in(screen, "Article (Japanese)")).fill("**無料**・オンラインで開催しました。")
    with page.expect_navigation():
        page.get_by_role("button", name=text_in(screen, "Publish")).click()
    expect(page.locator(".messages")).to_contain_text(text_in(screen, "The article is published."))
    check_page(page)
    article = Article.objects.get()
    page.goto(screen.path(f"{news}{article.pk}/"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        screen.text("首長TOP LIVE 第4回を開催しました", "Mayors' TOP LIVE No. 4 was held")
    )
    check_page(page)

    page.goto(screen.path(news + "manage/newsletters/new/"))
    check_page(page)
    page.get_by_label(text_in(screen, "Title (Japanese)", context="heading")).fill("2025年1月号")
    page.get_by_label(text_in(screen, "Introduction (Japanese)")).fill("今月の活動報告です。")
    page.get_by_role("checkbox", name=re.compile("TOP LIVE")).check()
    with page.expect_navigation():
        page.get_by_role("button", name=text_in(screen, "Save the draft")).click()
    preview = page.locator(".news-preview")
    expect(preview).to_contain_text(screen.text("首長TOP LIVE 第4回を開催しました", "Mayors' TOP LIVE No. 4 was held"))
    check_page(page)
    page.get_by_label(text_in(screen, "Contacts of member organisations")).check()
    with page.expect_navigation():
        page.get_by_role("button", name=text_in(screen, "Send the issue")).click()
    expect(page.locator(".messages")).to_contain_text(text_in(screen, "The issue is being sent."))
    expect(page.locator("#delivery-counts")).to_be_visible()
    check_page(page)

    assert Issue.objects.get().status == Issue.Status.SENT
    assert sorted(to for tos, _m in smtp.messages for to in tos) == [
        "ichiro@matsubara.example.jp",
        "jiro@nanto.example.jp",
    ]
    message = smtp.to("jiro@nanto.example.jp")
    assert "2025年1月号" in subject(message)
    body = parts(message)
    assert set(body) == {"text/plain", "text/html"}
    assert "首長TOP LIVE 第4回を開催しました" in body["text/plain"] and "<strong>" not in body["text/plain"]
    assert "澤井 宏文 松原市長が登壇しました。" in body["text/html"] and "<img" not in body["text/html"]
    assert message["List-Unsubscribe"] and message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_visitor_subscribes_confirms_and_unsubscribes_in_one_click(page, screen, world, smtp):
    news = f"/networks/{world.network.slug}/news/"
    page.goto(screen.path(news))
    check_page(page)
    with page.expect_navigation():
        page.locator(".news-nav").get_by_role("link", name=text_in(screen, "Subscribe to the newsletter")).click()
    check_page(page)
    page.get_by_label(text_in(screen, "Email address")).fill("reader@example.com")
    with page.expect_navigation():
        page.get_by_role("button", name=text_in(screen, "Subscribe")).click()
    expect(page.get_by_role("status")).to_contain_text(
        text_in(screen, "Thank you. We have sent you an email: open the link in it to confirm your subscription.")
    )
    check_page(page)
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING

    confirmation = parts(smtp.to("reader@example.com"))["text/plain"]
    link = re.search(r"https?://[^/\s]+(/\S+/subscribe/confirm/\S+/)", confirmation)[1]
    assert link.startswith(screen.path("/networks/"))  # in the language the visitor subscribed in
    page.goto(link)
    check_page(page)
    with page.expect_navigation():
        page.get_by_role("button", name=text_in(screen, "Confirm my subscription")).click()
    expect(page.get_by_role("status")).to_be_visible()
    check_page(page)
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED

    # An issue goes out; it reaches the new subscriber with a one-click unsubscribe link.
    article = article_create(
        network=world.network, author=None, title_ja="LOCAL JAPAN展を開催しました", body_ja="43の自治体が参加しました。"
    )
    issue = issue_create(network=world.network, author=None, title_ja="2025年8月号", articles=[article])
    sending.issue_send(issue=issue, to_contacts=False, to_subscribers=True)
    newsletter = smtp.to("reader@example.com")
    assert "2025年8月号" in subject(newsletter)
    unsubscribe = re.search(r"<https?://[^/]+(/\S+)>", newsletter["List-Unsubscribe"])[1]
    assert unsubscribe in parts(newsletter)["text/html"]
    page.goto(unsubscribe)
    check_page(page)
    with page.expect_navigation():
        page.get_by_role("button", name=text_in(screen, "Unsubscribe")).click()
    expect(page.get_by_role("status")).to_contain_text("reader@example.com")
    check_page(page)
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED
