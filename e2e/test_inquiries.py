"""A media request in a real browser: sent on a network's form, acknowledged, answered from the inbox."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from django.utils.text import capfirst
from playwright.sync_api import expect

from e2e.steps import activate_authenticator, check_page, sign_in_with_authenticator, text_in
from renkei.inquiries.models import Inquiry
from renkei.inquiries.services import privacy_policy_publish
from renkei.testing import build_world

pytestmark = pytest.mark.e2e


def field(screen, verbose_name: str) -> str:
    """A model field's label as the form shows it: its verbose name, capitalised."""
    return capfirst(text_in(screen, verbose_name))


SENDER = "hanako@shimbun.example.jp"


@pytest.fixture
def world(registry, settings):
    # A second is enough to tell a person from a robot here; the full wait is tested without a browser.
    settings.RENKEI_INQUIRY_MIN_FILL_SECONDS = 1
    world = build_world()
    privacy_policy_publish(
        network=world.network, body_ja="回答のためにのみ利用します。", body_en="Used only to answer you.", author=None
    )
    world.totp_secret = activate_authenticator(world.secretariat)
    return world


def test_a_media_request_is_acknowledged_and_answered_from_the_inbox(page, page_at, screen, world):
    # A reporter opens the network's form; the media fields appear once "Media request" is chosen.
    page.goto(screen.path("/contact/alliance/"))
    form = page.locator("form.inquiry-form")
    media = form.locator("fieldset.media-fields")
    expect(media).to_be_hidden()
    check_page(page)
    form.get_by_label(field(screen, "kind of inquiry")).select_option("media")
    expect(media).to_be_visible()
    form.get_by_label(text_in(screen, "Your name")).fill("記者 花子")
    form.get_by_label(text_in(screen, "Organisation (if any)")).fill("大阪日日新聞")
    form.get_by_label(field(screen, "email")).fill(SENDER)
    form.get_by_label(field(screen, "message")).fill("首長TOP LIVEの取材をお願いします。")
    form.get_by_label(field(screen, "media outlet")).fill("大阪日日新聞 社会部")
    deadline = timezone.localdate() + datetime.timedelta(days=10)
    form.get_by_label(field(screen, "deadline")).fill(deadline.isoformat())
    form.get_by_label(field(screen, "what you would like")).fill("会長へのインタビュー")
    form.get_by_label(text_in(screen, "I have read the privacy policy and agree to it.")).check()
    page.wait_for_timeout(1100)
    with page.expect_navigation():
        form.get_by_role("button", name=text_in(screen, "Send")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(text_in(screen, "Thank you for your inquiry"))
    check_page(page)

    # The acknowledgement, in the page's language, gives the reference but repeats nothing typed.
    inquiry = Inquiry.objects.get()
    [acknowledgement] = [m for m in mail.outbox if m.to == [SENDER]]
    assert inquiry.reference in acknowledgement.subject and inquiry.reference in acknowledgement.body
    assert "首長TOP LIVEの取材をお願いします。" not in acknowledgement.body
    assert "大阪日日新聞 社会部" not in acknowledgement.body

    # The secretariat signs in with its authenticator, finds it new in the inbox and answers.
    office = page_at(screen)
    sign_in_with_authenticator(office, screen, world.secretariat, world.totp_secret)
    office.goto(screen.path("/contact/alliance/inbox/"))
    expect(office.get_by_role("heading", level=1)).to_have_text(text_in(screen, "Inquiries"))
    expect(office.locator("main table")).to_contain_text("記者 花子")
    check_page(office)
    with office.expect_navigation():
        office.locator("main table").get_by_role("link", name="記者 花子").click()
    expect(office.locator("main dl")).to_contain_text("大阪日日新聞 社会部")
    check_page(office)
    office.get_by_label(text_in(screen, "Reply to the sender")).fill("取材をお受けします。日程をご相談させてください。")
    with office.expect_navigation():
        office.get_by_role("button", name=text_in(screen, "Send reply")).click()
    expect(office.locator("main .badge").first).to_have_text(text_in(screen, "Answered", context="inquiry status"))
    expect(office.locator(".inquiry-thread")).to_contain_text("取材をお受けします。")
    check_page(office)

    # The reporter receives the reply; answering it goes back to the secretariat.
    reply = [m for m in mail.outbox if m.to == [SENDER]][-1]
    assert "取材をお受けします。" in reply.body
    assert reply.extra_headers["Reply-To"] == world.secretariat.email
    inquiry.refresh_from_db()
    assert inquiry.status == Inquiry.Status.ANSWERED
