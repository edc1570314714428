"""The personal home: each persona sees their own work, linked to where it is done, and nothing of another's."""

import pytest
from django.urls import reverse
from django.utils import translation

from renkei.testing import PASSWORD, build_world, login_with_second_factor
from renkei.web.tests.homes import populate

pytestmark = pytest.mark.django_db
HOME = "/home/"


@pytest.fixture
def world():
    with translation.override("ja"):
        world = build_world()
        world.work = populate(world)
    return world


def _page(client, user) -> str:
    client.force_login(user)
    response = client.get(HOME)
    assert response.status_code == 200
    return response.content.decode()


def test_it_sends_a_visitor_to_sign_in_and_back(client):
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={HOME}"


def test_signing_in_lands_on_the_home_unless_another_page_was_asked_for(client, world):
    response = client.post(reverse("account_login"), {"login": "alice@example.jp", "password": PASSWORD})
    assert response["Location"] == HOME
    client.logout()
    response = client.post(
        reverse("account_login") + "?next=/events/", {"login": "alice@example.jp", "password": PASSWORD}
    )
    assert response["Location"] == "/events/"


def test_alice_sees_her_networks_new_posts_ticket_survey_programme_contacts_introduction_and_notification(
    client, world
):
    work = world.work
    page = _page(client, world.alice)
    network = world.network
    assert reverse("networks:detail", args=[network.slug]) in page
    assert reverse("board:post_detail", args=[network.slug, work.members_post.pk]) in page
    assert reverse("board:post_detail", args=[network.slug, work.public_post.pk]) in page
    assert "古い投稿" not in page  # older than what counts as new
    assert reverse("events:ticket", args=[work.alice_ticket.ticket_code]) in page
    assert reverse("events:survey", args=[work.survey_event.pk]) in page
    assert reverse("matching:programme_detail", args=[work.programme.pk]) in page
    assert reverse("organisations:contacts", args=[world.alice_org.pk]) in page
    assert reverse("matching:introduction_detail", args=[work.introduction.pk]) in page
    assert "松原の通知" in page and "南砺の通知" not in page
    # Nothing of Bob's: his ticket, his organisation's contacts; and no management link.
    assert work.bob_ticket.ticket_code not in page
    assert reverse("organisations:contacts", args=[world.bob_org.pk]) not in page
    assert reverse("networks:manage", args=[network.slug]) not in page


def test_bob_sees_his_own_and_not_alices(client, world):
    work = world.work
    page = _page(client, world.bob)
    assert reverse("events:ticket", args=[work.bob_ticket.ticket_code]) in page
    assert work.alice_ticket.ticket_code not in page
    assert reverse("events:survey", args=[work.survey_event.pk]) not in page
    # Bob's organisation is applying already, and his contacts are confirmed.
    assert reverse("matching:programme_detail", args=[work.programme.pk]) not in page
    assert "確認が必要な担当者" not in page
    assert reverse("matching:introduction_detail", args=[work.introduction.pk]) not in page
    assert "南砺の通知" in page and "松原の通知" not in page


def test_an_answered_survey_is_no_longer_waiting(client, world):
    from renkei.events.models import Registration, SurveyResponse
    from renkei.events.services import survey_respondent_key

    work = world.work
    registration = Registration.objects.get(event=work.survey_event, user=world.alice)
    SurveyResponse.objects.create(
        survey=work.survey_event.survey, respondent_key=survey_respondent_key(work.survey_event.survey, registration)
    )
    assert reverse("events:survey", args=[work.survey_event.pk]) not in _page(client, world.alice)


def test_charlie_outside_the_network_sees_no_members_post(client, world):
    page = _page(client, world.charlie)
    assert world.work.members_post.title not in page
    assert reverse("board:list", args=[world.network.slug]) not in page
    assert "どのネットワークにも参加していません" in page
    assert reverse("organisations:contacts", args=[world.charlie_org.pk]) in page
    assert reverse("organisations:contacts", args=[world.alice_org.pk]) not in page


def test_dave_does_not_see_the_introduction_he_asked_for_as_waiting(client, world):
    page = _page(client, world.dave)
    assert reverse("matching:introduction_detail", args=[world.work.introduction.pk]) not in page
    assert reverse("matching:programme_detail", args=[world.work.programme.pk]) not in page


def test_the_secretariat_finds_each_networks_dashboard(client, world):
    login_with_second_factor(client, world.secretariat)
    page = client.get(HOME).content.decode()
    assert reverse("networks:manage", args=[world.network.slug]) in page
    assert world.work.members_post.title in page


def test_it_reads_in_english(client, world):
    client.force_login(world.alice)
    page = client.get("/en" + HOME).content.decode()
    assert "My home" in page and "Ticket for Nationwide lecture" in page
