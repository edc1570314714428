"""Events: the secretariat creates an event with a programme and a speaker; anyone finds it on the calendar."""

import datetime

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from e2e.browser import SCREENS
from e2e.steps import activate_authenticator, check_page, sign_in_with_authenticator, text_in
from renkei.testing import build_world

pytestmark = [pytest.mark.e2e, pytest.mark.parametrize("screen", SCREENS, ids=[s.name for s in SCREENS])]


@pytest.fixture
def world(registry):
    world = build_world()
    world.totp_secret = activate_authenticator(world.secretariat)
    return world


def test_the_secretariat_creates_an_event_with_a_programme_and_anyone_finds_it(page, page_at, screen, world):
    # In the middle of this month, so the calendar opens on it.
    day = timezone.localdate().replace(day=15)
    title = "全国連携講演会（テスト）"
    with translation.override(screen.lang):
        speakers_link = text_in(screen, "Speakers of %(part)s", part="第1部 講演")

    sign_in_with_authenticator(page, screen, world.secretariat, world.totp_secret)
    page.goto(screen.path(f"/networks/{world.network.slug}/manage/"))
    with page.expect_navigation():
        page.get_by_role("link", name=text_in(screen, "Events and series")).click()
    check_page(page)

    with page.expect_navigation():
        page.get_by_role("link", name=text_in(screen, "New event"), exact=True).first.click()
    form = page.locator("main form").first
    form.locator("select[name='kind']").select_option("lecture")
    form.locator("input[name='title_ja']").fill(title)
    form.locator("input[name='title_en']").fill("National collaboration lecture (test)")
    form.locator("textarea[name='summary_ja']").fill("**地域連携**の講演です。")
    form.locator("input[name='start_date']").fill(day.isoformat())
    form.locator("input[name='start_time']").fill("14:00")
    form.locator("input[name='end_time']").fill("16:30")
    form.locator("input[name='venue_ja']").fill("ベルサール神保町")
    form.locator("input[name='capacity']").fill("120")
    check_page(page)
    with page.expect_navigation():
        form.get_by_role("button", name=text_in(screen, "Create the event")).click()

    # The programme: one part, then its speaker.
    expect(page.get_by_role("heading", level=1)).to_have_text(text_in(screen, "Programme", context="event timetable"))
    form = page.locator("main form").first
    form.locator("input[name='parts-0-title_ja']").fill("第1部 講演")
    form.locator("input[name='parts-0-starts_at']").fill(f"{day.isoformat()}T14:00")
    form.locator("input[name='parts-0-ends_at']").fill(f"{day.isoformat()}T15:00")
    with page.expect_navigation():
        form.get_by_role("button", name=text_in(screen, "Save all")).click()
    expect(page.locator(".message-success")).to_be_visible()
    check_page(page)

    with page.expect_navigation():
        page.get_by_role("link", name=speakers_link).click()
    form = page.locator("main form").first
    form.locator("input[name='speakers-0-person_name_ja']").fill("中小路 健吾")
    form.locator("input[name='speakers-0-title_ja']").fill("京都府市長会会長 長岡京市長")
    form.locator("input[name='speakers-0-local_government']").fill("長岡京市")
    with page.expect_navigation():
        form.get_by_role("button", name=text_in(screen, "Save all")).click()
    expect(page.locator(".message-success")).to_be_visible()
    expect(form.locator("input[name='speakers-0-local_government']")).to_have_value(
        screen.text("京都府長岡京市 (262099)", "Nagaokakyo City, Kyoto Prefecture (262099)")
    )
    check_page(page)

    # Anyone, not signed in, finds it on this month's calendar and opens it.
    visitor = page_at(screen)
    visitor.goto(screen.path("/events/"))
    expect(visitor.get_by_role("heading", level=1)).to_have_text(text_in(screen, "Events"))
    check_page(visitor)
    shown_title = screen.text(title, "National collaboration lecture (test)")
    with visitor.expect_navigation():
        visitor.locator("table.calendar").get_by_role("link", name=shown_title).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(shown_title)
    main = visitor.locator("main")
    expect(main).to_contain_text("第1部 講演")
    expect(main).to_contain_text("京都府市長会会長 長岡京市長")
    expect(main).to_contain_text("中小路 健吾")
    expect(main).to_contain_text("14:00〜16:30" if screen.lang == "ja" else "14:00–16:30")
    expect(main.locator("strong").filter(has_text="地域連携")).to_be_visible()
    if screen.lang == "en":
        expect(main).to_contain_text("Nagaokakyo City")
    check_page(visitor)

    # The list view has it too.
    visitor.goto(screen.path("/events/list/") + f"?from={(day - datetime.timedelta(days=1)).isoformat()}")
    expect(visitor.get_by_role("link", name=shown_title)).to_be_visible()
    check_page(visitor)
