import pytest
from django.contrib.auth.models import AnonymousUser

from renkei.board.models import Category, Post
from renkei.search.models import SearchEntry
from renkei.search.selectors import search
from renkei.web.demo import load_demo

pytestmark = pytest.mark.django_db

KINDS = {Category.Kind.PROPOSAL, Category.Kind.CALL, Category.Kind.NOTICE, Category.Kind.PAMPHLET, Category.Kind.PR}


def test_the_demo_boards_carry_the_seed_examples():
    load_demo()
    for slug in ("nihon-shucho-rengo", "tokubetsuku-zenkoku-renkei", "clair-exchange-seminar"):
        posts = Post.objects.filter(network__slug=slug)
        assert set(posts.values_list("category__kind", flat=True)) == KINDS, slug
        assert posts.filter(reply_count__gt=0).exists() and posts.filter(interests__isnull=False).exists(), slug
        assert posts.filter(category__kind=Category.Kind.PAMPHLET, pamphlet_answers__copies__gt=0).exists(), slug
    public = SearchEntry.objects.visible_to(AnonymousUser()).filter(content_type__app_label="board")
    titles = [hit.entry.title for hit in search("講演会", entries=public)]
    assert titles == ["令和7年度第1回全国連携講演会の開催について"]
    assert search("パンフレット", entries=public) == []
