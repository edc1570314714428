import datetime

import feedparser
import pytest
from django.core import mail
from django.core.management import call_command

from renkei.organisations.models import Contact
from renkei.partnerships.models import AnniversaryReminder, Partnership, format_partial_date, round_anniversaries
from renkei.partnerships.selectors import anniversaries
from renkei.partnerships.services import anniversary_reminders_send
from renkei.partnerships.tests.conftest import make_partnership

TODAY = datetime.date(2026, 11, 22)


def test_round_anniversaries_are_every_five_years_to_thirty_then_every_ten():
    assert round_anniversaries(60) == [5, 10, 15, 20, 25, 30, 40, 50, 60]


@pytest.mark.parametrize(
    ("precision", "ja", "en"),
    [("year", "1994年", "1994"), ("month", "1994年7月", "July 1994"), ("day", "1994年7月11日", "11 July 1994")],
)
def test_dates_show_only_what_is_known(precision, ja, en):
    from django.utils import translation

    day = datetime.date(1994, 7, 11)
    assert format_partial_date(day, precision) == ja
    with translation.override("en"):
        assert format_partial_date(day, precision) == en


def test_it_finds_round_anniversaries_in_the_window_and_nothing_else(world, digne, willich):
    government = world.alice_org.local_government
    due_30th = make_partnership(
        governments=[government], overseas=[digne], day=datetime.date(1997, 3, 5), precision=Partnership.Precision.DAY
    )
    due_10th_year_only = make_partnership(governments=[government], overseas=[willich], day=datetime.date(2017, 1, 1))
    make_partnership(governments=[government], overseas=[willich], day=datetime.date(1995, 1, 1))  # 32nd in 2027
    passed = make_partnership(
        governments=[government],
        overseas=[digne],
        day=datetime.date(1996, 10, 1),
        precision=Partnership.Precision.MONTH,
    )  # 30th in October 2026, before the window
    ended = make_partnership(
        governments=[government],
        overseas=[digne],
        day=datetime.date(2007, 5, 1),
        status=Partnership.Status.ENDED,
        ends_on=datetime.date(2010, 1, 1),
    )

    found = list(anniversaries(world.alice, months=12, today=TODAY))

    assert [(p.pk, p.due_year) for p in found] == [(due_10th_year_only.pk, 2027), (due_30th.pk, 2027)]
    assert passed.pk not in {p.pk for p in found} and ended.pk not in {p.pk for p in found}


def test_a_longer_window_reaches_further(world, digne):
    partnership = make_partnership(
        governments=[world.alice_org.local_government],
        overseas=[digne],
        day=datetime.date(2003, 6, 1),
        precision=Partnership.Precision.MONTH,
    )
    assert not anniversaries(world.alice, months=12, today=TODAY).filter(pk=partnership.pk).exists()
    assert anniversaries(world.alice, months=24, today=TODAY).get(pk=partnership.pk).due_year == 2028


def test_anniversaries_filter_by_network_prefecture_and_country(world, digne, willich):
    in_network = make_partnership(
        governments=[world.alice_org.local_government],
        overseas=[digne],
        day=datetime.date(1997, 3, 1),
        precision=Partnership.Precision.MONTH,
    )
    outside = make_partnership(
        governments=[world.charlie_org.local_government],
        overseas=[willich],
        day=datetime.date(1997, 3, 1),
        precision=Partnership.Precision.MONTH,
    )

    def ids(**filters):
        return {p.pk for p in anniversaries(world.alice, months=12, today=TODAY, **filters)}

    assert ids(network=world.network) == {in_network.pk}
    assert ids(prefecture="030007") == {outside.pk}
    assert ids(country="DE") == {outside.pk}


def test_the_page_and_the_feed_show_the_coming_30th(client, world, digne):
    today = datetime.date.today()
    partnership = make_partnership(
        governments=[world.charlie_org.local_government], overseas=[digne], day=datetime.date(today.year - 29, 1, 1)
    )
    page = client.get("/partnerships/anniversaries/?months=24").content.decode()
    assert f"/partnerships/{partnership.pk}/#anniversary-{today.year + 1}" in page
    english = client.get("/en/partnerships/anniversaries/?months=24").content.decode()
    assert "30th anniversary" in english

    feed = feedparser.parse(client.get("/partnerships/anniversaries/feed/?months=24").content)
    assert not feed.bozo
    assert feed.entries[0].link.endswith(f"/partnerships/{partnership.pk}/#anniversary-{today.year + 1}")
    assert "30" in feed.entries[0].title


def test_the_feed_leaves_drafts_out_even_for_their_editors(client, world, digne):
    today = datetime.date.today()
    make_partnership(
        governments=[world.alice_org.local_government],
        overseas=[digne],
        day=datetime.date(today.year - 29, 1, 1),
        is_draft=True,
    )
    client.force_login(world.alice)
    assert "#anniversary-" in client.get("/partnerships/anniversaries/?months=24").content.decode()
    feed = feedparser.parse(client.get("/partnerships/anniversaries/feed/?months=24").content)
    assert not feed.bozo and feed.entries == []


def test_the_anniversaries_page_rejects_a_bad_window_without_error(client, world):
    response = client.get("/partnerships/anniversaries/?months=99")
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()


class TestReminders:
    @pytest.fixture
    def due(self, world, digne):
        # 30th anniversary on 1 March 2027: a year ahead from 1 March 2026, three months from 1 December 2026.
        return make_partnership(
            governments=[world.charlie_org.local_government, world.alice_org.local_government],
            overseas=[digne],
            day=datetime.date(1997, 3, 1),
            precision=Partnership.Precision.DAY,
        )

    def test_it_emails_each_partys_contacts_a_year_ahead_once(self, due, world):
        assert anniversary_reminders_send(today=datetime.date(2026, 3, 2)) == 2
        recipients = sorted(address for message in mail.outbox for address in message.to)
        assert recipients == ["ichiro@matsubara.example.jp", "saburo@kamaishi.example.jp"]
        assert "30" in mail.outbox[0].subject

        assert anniversary_reminders_send(today=datetime.date(2026, 3, 3)) == 0
        assert len(mail.outbox) == 2

    def test_each_contact_reads_it_in_their_language_with_a_link_in_that_language(self, due, world):
        Contact.objects.filter(organisation=world.charlie_org).update(language="en")
        anniversary_reminders_send(today=datetime.date(2026, 3, 2))
        by_address = {message.to[0]: message for message in mail.outbox}
        english, japanese = by_address["saburo@kamaishi.example.jp"], by_address["ichiro@matsubara.example.jp"]
        assert "anniversary" in english.subject and f"/en/partnerships/{due.pk}/" in english.body
        assert "周年" in japanese.subject and f"/partnerships/{due.pk}/" in japanese.body
        assert "/en/" not in japanese.body

    def test_it_emails_again_three_months_ahead(self, due):
        anniversary_reminders_send(today=datetime.date(2026, 3, 2))
        mail.outbox.clear()
        call_command("send_anniversary_reminders", today=datetime.date(2026, 12, 1))
        assert len(mail.outbox) == 2
        call_command("send_anniversary_reminders", today=datetime.date(2026, 12, 2))
        assert len(mail.outbox) == 2
        assert AnniversaryReminder.objects.filter(lead="quarter").count() == 2

    def test_too_early_nothing_is_sent(self, due):
        assert anniversary_reminders_send(today=datetime.date(2025, 12, 1)) == 0
        assert mail.outbox == []

    def test_an_organisation_without_contacts_is_logged_but_not_emailed(self, due, world):
        Contact.objects.filter(organisation=world.charlie_org).delete()
        assert anniversary_reminders_send(today=datetime.date(2026, 3, 2)) == 1
        assert [m.to for m in mail.outbox] == [["ichiro@matsubara.example.jp"]]

    def test_drafts_and_ended_partnerships_get_none(self, due):
        Partnership.objects.filter(pk=due.pk).update(is_draft=True)
        assert anniversary_reminders_send(today=datetime.date(2026, 3, 2)) == 0
