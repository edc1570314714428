"""Drafts and publishing a programme: the announcement emails (once per organisation), editing."""

import smtplib
import socket
from email import message_from_bytes
from email.header import decode_header, make_header

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from renkei.matching import services
from renkei.matching.models import Programme, ProgrammeAnnouncement, ProgrammeTarget
from renkei.networks.models import Membership
from renkei.organisations.models import Contact
from renkei.testing import ContactFactory, MailServerFailing, login_with_second_factor, municipality

pytestmark = pytest.mark.django_db

TITLE = "伝産品・工芸品の磨き上げ事業"


@pytest.fixture
def sakai(world):
    # A Kinki member without staff on Renkei: reached through its contact only.
    sakai = municipality("堺市", "大阪府")
    Membership.objects.create(network=world.network, organisation=sakai, tier=world.general)
    ContactFactory(organisation=sakai, email="contact@sakai.example.jp", is_primary=True)
    return sakai


def _create(world, **extra):
    fields = {
        "organisation": world.agency_org,
        "author": world.erin,
        "network": world.network,
        "agency": "経済産業省",
        "title": TITLE,
        "description": "工芸品の価値の言語化とブランディングの実証事業。",
        "target_regions": ["kinki"],
        "visibility": "members",
    }
    return services.programme_create(**(fields | extra))


def _draft_form(world, **extra) -> dict:
    """What the programme form posts to save a draft for the Kinki members."""
    return {
        "agency": "観光庁",
        "title": "オーバーツーリズム対策事業",
        "description": "観光客の分散化の実証。",
        "visibility": "members",
        "network": world.network.pk,
        "target_regions": ["kinki"],
        "draft": "1",
        **extra,
    }


def _recipients() -> list[list[str]]:
    return sorted(sorted(message.to) for message in mail.outbox)


def test_publishing_emails_each_targeted_organisation_once(world, sakai):
    mail.outbox.clear()
    programme = _create(world)
    # Matsubara (Alice's) and Sakai are in Kinki; Bob's Nanto (Chubu) and Charlie's Kamaishi are not.
    assert _recipients() == [["contact@sakai.example.jp"], ["ichiro@matsubara.example.jp"]]
    assert all(TITLE in message.subject for message in mail.outbox)
    assert f"/matching/programmes/{programme.pk}/" in mail.outbox[0].body
    assert ProgrammeAnnouncement.objects.filter(programme=programme).count() == 2


def test_re_saving_or_publishing_again_sends_nothing(world, sakai):
    programme = _create(world)
    mail.outbox.clear()
    services.programme_update(programme=programme, title="伝産品・工芸品の磨き上げ事業（締切延長）")
    assert services.programme_publish(programme=programme) == 0
    assert services.programme_announcements_send(programme_id=programme.pk) == 0
    assert mail.outbox == []
    assert Programme.objects.get(pk=programme.pk).title.endswith("（締切延長）")


def test_a_draft_reaches_nobody_until_it_is_published(client, world, sakai):
    mail.outbox.clear()
    programme = _create(world, is_draft=True)
    assert mail.outbox == []
    assert not ProgrammeTarget.objects.filter(programme=programme).exists()
    client.force_login(world.alice)
    assert client.get(reverse("matching:programme_detail", args=[programme.pk])).status_code == 404
    assert TITLE not in client.get(reverse("matching:programme_list")).content.decode()

    client.force_login(world.erin)
    page = client.get(reverse("matching:programme_detail", args=[programme.pk])).content.decode()
    assert "下書き" in page and reverse("matching:programme_publish", args=[programme.pk]) in page
    response = client.post(reverse("matching:programme_publish", args=[programme.pk]))
    assert response["Location"] == reverse("matching:programme_relay", args=[programme.pk])
    assert _recipients() == [["contact@sakai.example.jp"], ["ichiro@matsubara.example.jp"]]
    client.force_login(world.alice)
    assert client.get(reverse("matching:programme_detail", args=[programme.pk])).status_code == 200


def test_each_contact_is_written_to_in_the_language_they_read(world, sakai):
    ContactFactory(organisation=world.alice_org, email=world.alice.email, language="en")
    mail.outbox.clear()
    _create(world)
    by_address = {tuple(message.to): message for message in mail.outbox}
    # The link opens the page in the language the email is written in.
    assert "/en/matching/programmes/" in by_address[(world.alice.email,)].body
    for japanese in ("ichiro@matsubara.example.jp", "contact@sakai.example.jp"):
        assert "/en/" not in by_address[(japanese,)].body and "/matching/programmes/" in by_address[(japanese,)].body


def test_an_organisation_without_contacts_hears_through_its_staff(world, sakai):
    Contact.objects.filter(organisation=world.alice_org).delete()
    mail.outbox.clear()
    _create(world)
    assert [world.alice.email] in _recipients()


def test_a_failed_send_is_tried_again_without_doubles(world, sakai, monkeypatch):
    def refuse(self, messages):
        raise OSError("connection refused")

    programme = _create(world, is_draft=True)
    mail.outbox.clear()
    with monkeypatch.context() as patch:
        patch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
        # The background task fails; the programme is published all the same.
        assert services.programme_publish(programme=programme) == 2
    assert not Programme.objects.get(pk=programme.pk).is_draft
    # The sent-log went with the failed send: the next run sends everything, once.
    assert not ProgrammeAnnouncement.objects.exists()
    assert services.programme_announcements_send(programme_id=programme.pk) == 2
    assert services.programme_announcements_send(programme_id=programme.pk) == 0
    assert len(mail.outbox) == 2


def test_a_server_hanging_up_mid_way_keeps_what_it_accepted(world, sakai, settings):
    programme = _create(world, is_draft=True)
    services.programme_publish(programme=programme, announce=False)
    settings.EMAIL_BACKEND = "renkei.testing.MailServerFailing"
    MailServerFailing.watch(accept=1)
    with pytest.raises(smtplib.SMTPServerDisconnected):
        services.programme_announcements_send(programme_id=programme.pk)
    assert len(mail.outbox) == 1
    # The server answered each email outside any transaction: other writers were never held up.
    assert MailServerFailing.in_transaction == [False, False]
    # The organisation whose email went through is in the sent-log; the other waits for the rerun.
    logged = ProgrammeAnnouncement.objects.get(programme=programme)
    assert logged.recipients == 1
    assert mail.outbox[0].to == list(logged.organisation.contacts.values_list("email", flat=True))

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert services.programme_announcements_send(programme_id=programme.pk) == 1
    assert _recipients() == [["contact@sakai.example.jp"], ["ichiro@matsubara.example.jp"]]
    assert ProgrammeAnnouncement.objects.filter(programme=programme).count() == 2


def test_saving_a_draft_from_the_form(client, world, sakai):
    client.force_login(world.erin)
    mail.outbox.clear()
    response = client.post(reverse("matching:programme_new"), _draft_form(world))
    programme = Programme.objects.get()
    assert response["Location"] == reverse("matching:programme_detail", args=[programme.pk])
    assert programme.is_draft and programme.published_at is None
    assert mail.outbox == []


def test_editing_a_draft_shows_its_regions_and_kinds_ticked(client, world, sakai):
    client.force_login(world.erin)
    client.post(reverse("matching:programme_new"), _draft_form(world, target_kinds=["municipality"]))
    programme = Programme.objects.get()
    form = client.get(reverse("matching:programme_edit", args=[programme.pk])).context["form"]
    assert form["target_regions"].value() == ["kinki"]
    assert form["target_kinds"].value() == ["municipality"]


def test_editing_a_published_programme_keeps_its_members_and_emails_nobody(client, world, sakai):
    programme = _create(world)
    mail.outbox.clear()
    client.force_login(world.erin)
    url = reverse("matching:programme_edit", args=[programme.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "agency": "経済産業省",
            "title": "磨き上げ事業（第二次募集）",
            "description": "第二次募集です。",
            "visibility": "members",
            # Ignored once relayed: the members reached stay Kinki's.
            "network": world.network.pk,
            "target_regions": ["chubu"],
        },
    )
    assert response.status_code == 302
    assert Programme.objects.get(pk=programme.pk).title == "磨き上げ事業（第二次募集）"
    targeted = set(ProgrammeTarget.objects.filter(programme=programme).values_list("organisation", flat=True))
    assert targeted == {world.alice_org.pk, sakai.pk}
    assert mail.outbox == []


def test_bad_input_when_editing_changes_nothing(client, world, sakai):
    programme = _create(world, is_draft=True)
    client.force_login(world.erin)
    url = "/en" + reverse("matching:programme_edit", args=[programme.pk])
    response = client.post(
        url,
        {"agency": "", "title": "", "description": "x", "visibility": "members", "network": world.network.pk},
    )
    assert response.status_code == 200 and 'aria-invalid="true"' in response.content.decode()
    # A draft whose targets reach nobody is refused too.
    response = client.post(
        url,
        {
            "agency": "経済産業省",
            "title": "t",
            "description": "d",
            "visibility": "members",
            "network": world.network.pk,
            "target_regions": ["hokkaido"],
        },
    )
    assert "No member of this network matches these targets." in response.content.decode()
    programme.refresh_from_db()
    assert programme.title == TITLE and programme.target_regions == ["kinki"]


def test_only_the_publisher_and_the_secretariat_edit_and_publish(client, world, sakai):
    programme = _create(world, is_draft=True)
    edit = reverse("matching:programme_edit", args=[programme.pk])
    publish = reverse("matching:programme_publish", args=[programme.pk])
    assert client.get(edit).status_code == 404
    for persona in (world.alice, world.bob, world.charlie, world.dave):
        client.force_login(persona)
        assert client.get(edit).status_code == 404
        assert client.post(publish).status_code == 404
    client.force_login(world.secretariat)
    assert "/2fa/" in client.get(edit)["Location"]
    login_with_second_factor(client, world.secretariat)
    assert client.get(edit).status_code == 200
    assert client.post(publish).status_code == 302
    assert not Programme.objects.get(pk=programme.pk).is_draft


class Inbox:
    def __init__(self):
        self.messages = []
        self.sessions = set()

    async def handle_DATA(self, server, session, envelope):
        self.sessions.add(id(session))
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
        return "250 OK"


@pytest.fixture
def smtp():
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


def test_the_announcements_go_over_one_smtp_connection(smtp, world, sakai):
    _create(world)
    assert sorted(to for tos, _m in smtp.messages for to in tos) == [
        "contact@sakai.example.jp",
        "ichiro@matsubara.example.jp",
    ]
    assert len(smtp.sessions) == 1
    subject = str(make_header(decode_header(smtp.messages[0][1]["Subject"])))
    assert TITLE in subject


def test_the_api_shows_a_draft_to_its_publisher_only(client, world, sakai):
    programme = _create(world, is_draft=True)
    client.force_login(world.erin)
    items = client.get("/api/v1/programmes").json()["items"]
    assert [(item["id"], item["is_draft"]) for item in items] == [(programme.pk, True)]
    for persona in (world.alice, world.bob, world.charlie):
        client.force_login(persona)
        assert client.get("/api/v1/programmes").json()["items"] == []
    client.logout()
    assert client.get("/api/v1/programmes").json()["items"] == []


def test_the_history_records_the_draft_and_its_publishing(world, sakai):
    programme = _create(world, is_draft=True)
    services.programme_publish(programme=programme, announce=False)
    drafts = [record.is_draft for record in programme.history.order_by("history_date", "history_id")]
    assert drafts[0] is True
    assert drafts[-1] is False
    assert programme.history.latest("history_date", "history_id").published_at == programme.published_at
