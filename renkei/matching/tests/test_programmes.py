"""Programmes and their relay: targeting, read marks, 応募予定, the status table, exports and reminders."""

import csv
import io

import pytest
from django.core import mail
from django.urls import reverse

from renkei.matching import services
from renkei.matching.models import Programme, ProgrammeTarget
from renkei.networks.models import Membership
from renkei.testing import ContactFactory, login_with_second_factor, municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(world):
    # Another Kinki member without staff on Renkei, to be reminded through its contact.
    sakai = municipality("堺市", "大阪府")
    Membership.objects.create(network=world.network, organisation=sakai, tier=world.general)
    ContactFactory(organisation=sakai, email="contact@sakai.example.jp", is_primary=True)
    world.sakai = sakai
    return services.programme_create(
        organisation=world.agency_org,
        author=world.erin,
        network=world.network,
        agency="経済産業省",
        title="伝産品・工芸品の磨き上げ事業",
        description="工芸品の価値の言語化とブランディングの実証事業。",
        target_regions=["kinki"],
        themes=[world.themes["crafts"]],
        visibility="members",
    )


def test_it_reaches_the_members_it_targets(world, programme):
    targeted = set(ProgrammeTarget.objects.filter(programme=programme).values_list("organisation", flat=True))
    assert targeted == {world.alice_org.pk, world.sakai.pk}  # Kinki; Bob's Toyama is Chubu


def test_a_programme_reaching_nobody_is_refused(client, world):
    client.force_login(world.erin)
    response = client.post(
        reverse("matching:programme_new"),
        {
            "agency": "観光庁",
            "title": "t",
            "description": "d",
            "visibility": "public",
            "network": world.network.pk,
            "target_regions": ["hokkaido"],
        },
    )
    assert response.status_code == 200
    assert not Programme.objects.exists()


def test_members_see_it_unread_until_they_open_it(client, world, programme):
    client.force_login(world.alice)
    listing = client.get(reverse("matching:programme_list")).content.decode()
    assert programme.title in listing and "badge-new" in listing
    client.get(reverse("matching:programme_detail", args=[programme.pk]))
    target = ProgrammeTarget.objects.get(programme=programme, organisation=world.alice_org)
    assert target.status == "read" and target.read_at is not None
    assert "badge-new" not in client.get(reverse("matching:programme_list")).content.decode()


def test_a_municipality_marks_it_applying(client, world, programme):
    client.force_login(world.alice)
    client.post(reverse("matching:programme_status", args=[programme.pk]), {"status": "applying"})
    assert ProgrammeTarget.objects.get(organisation=world.alice_org).status == "applying"
    client.post(reverse("matching:programme_status", args=[programme.pk]), {"status": "unread"})
    assert ProgrammeTarget.objects.get(organisation=world.alice_org).status == "applying"


def test_only_targets_mark_it(client, world, programme):
    client.force_login(world.bob)  # a member, but in Chubu
    assert (
        client.post(reverse("matching:programme_status", args=[programme.pk]), {"status": "applying"}).status_code
        == 403
    )


def test_members_programmes_stay_with_members(client, world, programme):
    url = reverse("matching:programme_detail", args=[programme.pk])
    assert client.get(url).status_code == 404
    client.force_login(world.charlie)
    assert client.get(url).status_code == 404
    client.force_login(world.bob)
    assert client.get(url).status_code == 200


def test_the_status_table_for_the_secretariat_and_the_agency(client, world, programme):
    services.programme_target_set_status(programme=programme, organisation=world.alice_org, status="applying")
    url = reverse("matching:programme_relay", args=[programme.pk])
    for outsider in (world.alice, world.bob, world.dave):
        client.force_login(outsider)
        # Members may read the programme but its relay is not there for them.
        assert client.get(url).status_code == 404
    client.force_login(world.secretariat)
    assert "/2fa/" in client.get(url)["Location"]  # a second factor first
    login_with_second_factor(client, world.secretariat)
    page = client.get(url).content.decode()
    assert "松原市" in page and "堺市" in page
    client.force_login(world.erin)
    assert "松原市" in client.get(url).content.decode()
    csv = client.get(url, {"format": "csv"}).content.decode("utf-8-sig")
    assert "松原市" in csv and "堺市" in csv
    xlsx = client.get(url, {"format": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_table_shows_a_new_mark_at_once(client, world, programme):
    client.force_login(world.erin)
    url = reverse("matching:programme_relay", args=[programme.pk])
    assert "st-applying" not in client.get(url).content.decode()
    services.programme_target_set_status(programme=programme, organisation=world.alice_org, status="applying")
    assert "st-applying" in client.get(url).content.decode()


def test_reminders_go_to_those_who_have_not_opened_it(client, world, programme):
    client.force_login(world.alice)
    client.get(reverse("matching:programme_detail", args=[programme.pk]))
    mail.outbox.clear()
    client.force_login(world.erin)
    response = client.post(reverse("matching:programme_remind", args=[programme.pk]))
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["contact@sakai.example.jp"]]
    assert ProgrammeTarget.objects.get(organisation=world.sakai).reminded_at is not None


def test_each_contact_reads_the_reminder_in_their_language(client, world, programme):
    from renkei.organisations.models import Contact

    Contact.objects.filter(email="contact@sakai.example.jp").update(language="en")
    ContactFactory(organisation=world.sakai, email="kikaku@sakai.example.jp")
    mail.outbox.clear()
    client.force_login(world.erin)
    client.post(reverse("matching:programme_remind", args=[programme.pk]))
    by_address = {message.to[0]: message for message in mail.outbox}
    assert {"contact@sakai.example.jp", "kikaku@sakai.example.jp"} <= set(by_address)
    assert by_address["contact@sakai.example.jp"].subject != by_address["kikaku@sakai.example.jp"].subject
    assert "/en/" in by_address["contact@sakai.example.jp"].body
    assert "/en/" not in by_address["kikaku@sakai.example.jp"].body


def test_only_the_agency_and_secretariats_publish_programmes(client, world):
    for persona in (world.alice, world.dave):
        client.force_login(persona)
        assert client.get(reverse("matching:programme_new")).status_code == 403
    client.force_login(world.erin)
    assert client.get(reverse("matching:programme_new")).status_code == 200


def test_the_table_shows_every_kind_of_change_at_once(client, world, programme, django_assert_max_num_queries):
    url = reverse("matching:programme_relay", args=[programme.pk])
    client.force_login(world.erin)

    def sakai_row():
        page = client.get(url).content.decode()
        return next(line for line in page.splitlines() if "堺市" in line)

    assert "st-unread" in sakai_row()
    # Read from the cache while nothing changes: the programme's row is not read again.
    with django_assert_max_num_queries(4):
        client.get(url)
    # Sakai's staff open the programme: read at once.
    services.programme_open(programme=programme, organisation_ids=[world.sakai.pk])
    assert "st-read" in sakai_row()
    # A mark changed in the admin (a save, not the services).
    target = ProgrammeTarget.objects.get(programme=programme, organisation=world.sakai)
    target.status = "considering"
    target.save()
    assert "st-considering" in sakai_row()
    # The title, edited.
    services.programme_update(programme=programme, title="磨き上げ事業（第二次募集）")
    assert "磨き上げ事業（第二次募集）" in client.get(url).content.decode()
    # The figures follow the marks.
    services.programme_target_set_status(programme=programme, organisation=world.alice_org, status="applying")
    page = client.get("/en" + url).content.decode()
    assert '<strong class="figure-applying">1</strong>' in page
    assert '<strong class="figure-considering">1</strong>' in page
    assert '<strong class="figure-unread">0</strong>' in page


def test_the_status_page_keeps_its_rules_when_cached(client, world, programme):
    url = reverse("matching:programme_relay", args=[programme.pk])
    client.force_login(world.erin)
    assert client.get(url).status_code == 200  # now cached
    # Erin leaves the agency: the cached programme does not let her in.
    world.erin.staff_roles.all().delete()
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404
    assert client.get(reverse("matching:programme_relay", args=[999999])).status_code == 404


def test_a_network_s_new_secretariat_takes_over_the_status_page_at_once(client, world, programme):
    url = reverse("matching:programme_relay", args=[programme.pk])
    login_with_second_factor(client, world.secretariat)
    assert client.get(url).status_code == 200  # now cached
    world.network.secretariat = world.bob_org
    world.network.save()
    assert client.get(url).status_code == 404
    login_with_second_factor(client, world.bob)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    ("prefix", "header", "matsubara"),
    [
        (
            "",
            [
                "コード",
                "自治体",
                "都道府県",
                "地方",
                "状態",
                "初回閲覧",
                "状況更新",
                "担当者",
                "部署",
                "メールアドレス",
                "電話番号",
            ],
            ["272175", "松原市", "大阪府", "近畿", "応募予定"],
        ),
        (
            "/en",
            ["Code", "Local government", "Prefecture", "Region", "Status", "First opened", "Status changed"]
            + ["Contact", "Department", "Email", "Phone"],
            ["272175", "Matsubara City", "Osaka Prefecture", "Kinki", "Applying"],
        ),
    ],
)
def test_the_relay_export_names_each_government_s_primary_contact_in_the_reader_s_language(
    client, world, programme, prefix, header, matsubara
):
    services.programme_target_set_status(programme=programme, organisation=world.alice_org, status="applying")
    login_with_second_factor(client, world.secretariat)
    url = prefix + reverse("matching:programme_relay", args=[programme.pk])
    rows = list(csv.reader(io.StringIO(client.get(url, {"format": "csv"}).content.decode("utf-8-sig"))))
    assert rows[0] == header
    alice = next(row for row in rows if row[0] == "272175")
    assert alice[:5] == matsubara
    assert alice[7:] == ["松原 一郎", "企画課", "ichiro@matsubara.example.jp", "03-0000-0000"]
    sakai = next(row for row in rows if row[0] != "272175" and row[0] != "コード" and row[0] != "Code")
    assert sakai[9] == "contact@sakai.example.jp"
