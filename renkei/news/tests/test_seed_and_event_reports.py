"""The demo's news from the seed documents, and the report articles an event page lists."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from renkei.events.models import Event
from renkei.events.seed import events_seed
from renkei.networks.models import Network
from renkei.news.models import Article, Issue
from renkei.news.seed import news_seed
from renkei.organisations.models import Organisation
from renkei.testing import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def networks():
    with translation.override("ja"):
        networks = {
            key: Network.objects.create(
                slug=key,
                kind=Network.Kind.PROGRAMME,
                name=key,
                secretariat=OrganisationFactory(kind=Organisation.Kind.SECRETARIAT, name=f"{key} office"),
            )
            for key in ("alliance", "project", "clair")
        }
        events_seed(networks)
        news_seed(networks)
        return networks


def test_the_demo_has_reports_of_the_seed_events_media_and_one_issue(networks):
    top_live = Event.objects.get(network=networks["alliance"], title_ja__startswith="首長TOP LIVE 第4回")
    assert top_live.report_articles.get().title_ja == "首長TOP LIVE 第4回（松原市）を開催しました"
    assert Article.objects.filter(network=networks["project"], kind=Article.Kind.MEDIA).exists()
    assert Article.objects.filter(network=networks["project"], visibility=Article.Visibility.MEMBERS).exists()
    issue = Issue.objects.get()
    assert issue.status == Issue.Status.SENT and issue.items.count() == 4
    count = Article.objects.count()
    news_seed(networks)
    assert Article.objects.count() == count and Issue.objects.count() == 1


def _render(event, user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    return render_to_string("news/_event_reports.html", {"event": event, "user": user, "request": request})


def test_an_events_reports_are_listed_for_those_who_may_read_them(world, make_article):
    from django.utils import timezone

    event = Event.objects.create(
        network=world.network,
        kind=Event.Kind.LECTURE,
        title="全国連携講演会",
        starts_at=timezone.now(),
        ends_at=timezone.now(),
    )
    make_article(title_ja="講演会の開催報告", event=event)
    make_article(title_ja="講演会の会員向け資料", event=event, visibility=Article.Visibility.MEMBERS)
    anonymous = _render(event, AnonymousUser())
    assert "講演会の開催報告" in anonymous and "講演会の会員向け資料" not in anonymous
    assert "講演会の会員向け資料" in _render(event, world.alice)
    other = Event.objects.create(
        network=world.network,
        kind=Event.Kind.LECTURE,
        title="別の講演会",
        starts_at=timezone.now(),
        ends_at=timezone.now(),
    )
    assert _render(other, world.alice).strip() == ""


def test_an_article_reports_only_an_event_of_its_network(world, other_network, make_article):
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    event = Event.objects.create(
        network=other_network,
        kind=Event.Kind.LECTURE,
        title="他の講演会",
        starts_at=timezone.now(),
        ends_at=timezone.now(),
    )
    with pytest.raises(ValidationError):
        make_article(event=event)
    assert not Article.objects.exists()
