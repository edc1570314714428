import pytest
from django.contrib.auth.models import AnonymousUser

from renkei.board.models import Post
from renkei.search.models import SearchEntry
from renkei.search.selectors import search
from renkei.web.demo import load_demo

pytestmark = pytest.mark.django_db


def test_the_demo_boards_carry_the_seed_examples():
    load_demo()
    assert Post.objects.filter(network__slug="clair-exchange-seminar").count() == 0
    public = SearchEntry.objects.visible_to(AnonymousUser()).filter(content_type__app_label="board")
    titles = [hit.entry.title for hit in search("講演会", entries=public)]
    assert titles == ["令和7年度第1回全国連携講演会の開催について"]
    assert search("パンフレット", entries=public) == []
