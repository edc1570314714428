import doctest
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.utils import timezone

import renkei.lib.japanese
import renkei.search.db
import renkei.search.selectors
from renkei.lib.audience import access_changed
from renkei.networks.models import Membership
from renkei.registry.models import LocalGovernment
from renkei.search import registry
from renkei.search.models import SearchEntry
from renkei.search.selectors import search
from renkei.search.services import search_index, search_rebuild, search_remove
from renkei.testing import OrganisationFactory, build_world

pytestmark = pytest.mark.django_db

PUBLIC = SearchEntry.Visibility.PUBLIC


def index(title, body="", visibility=PUBLIC, network=None, updated_at=None):
    obj = OrganisationFactory()
    search_index(obj=obj, title=title, body=body, visibility=visibility, network=network, updated_at=updated_at)
    return obj


def titles(query, **kwargs):
    return [hit.entry.title for hit in search(query, **kwargs)]


@pytest.mark.parametrize("module", [renkei.lib.japanese, renkei.search.db, renkei.search.selectors])
def test_doctests_hold(module):
    assert doctest.testmod(module).failed == 0


def test_two_character_word_matches_exactly():
    index("観光地域づくりの推進")
    index("光の祭典")
    assert titles("観光") == ["観光地域づくりの推進"]
    assert titles("地域づくり") == ["観光地域づくりの推進"]
    assert titles("域づく") == ["観光地域づくりの推進"]
    assert titles("光地域") == ["観光地域づくりの推進"]
    assert titles("観光地域づくりに") == []


def test_width_case_and_kana_fold():
    index("ＤＭＯの設立", "カンコウ案内")
    index("Smart City 構想")
    assert titles("DMO") == ["ＤＭＯの設立"]
    assert titles("dmo") == ["ＤＭＯの設立"]
    assert titles("かんこう") == ["ＤＭＯの設立"]
    assert titles("ｶﾝｺｳ") == ["ＤＭＯの設立"]
    assert titles("ｓｍａｒｔ") == ["Smart City 構想"]
    # Latin words match whole words, as a word search should.
    assert titles("smar") == []


def test_every_term_must_match():
    index("観光DMOの連携")
    index("観光の振興")
    index("DMO 一覧")
    assert titles("観光 DMO") == ["観光DMOの連携"]
    assert titles("観光　ＤＭＯ") == ["観光DMOの連携"]


def test_quoted_phrase_is_kept_whole():
    index("移住 定住 の相談")
    index("定住と移住の相談")
    assert sorted(titles("移住 定住")) == ["定住と移住の相談", "移住 定住 の相談"]
    assert titles('"移住 定住"') == ["移住 定住 の相談"]
    assert titles("「移住 定住」") == ["移住 定住 の相談"]


def test_one_character_query_finds_the_character_anywhere():
    index("観光")  # 光 ends the run: found through the lone last character
    index("光る海")  # 光 starts a bigram
    index("栄光の記録")
    index("防災訓練")
    assert sorted(titles("光")) == ["光る海", "栄光の記録", "観光"]
    assert titles("光る") == ["光る海"]


def test_more_matches_rank_first_then_newer():
    now = timezone.now()
    index("防災の日", "防災 防災 防災 訓練", updated_at=now - timedelta(days=3))
    index("地域の日", "防災 会議 広報 訓練", updated_at=now - timedelta(days=2))
    index("地域の日", "防災 会議 広報 訓練", updated_at=now - timedelta(days=1))
    hits = search("防災")
    assert [hit.entry.title for hit in hits] == ["防災の日", "地域の日", "地域の日"]
    assert hits[1].entry.updated_at > hits[2].entry.updated_at
    assert hits[0].rank > hits[1].rank


def test_limit():
    for _ in range(5):
        index("連携事業")
    assert len(search("連携", limit=3)) == 3
    assert search("", limit=3) == []
    assert search("・、。") == []


def test_snippet_marks_matches_and_escapes_html():
    body = "前置き" * 30 + "<script>alert(1)</script>観光地域づくりとＤＭＯ" + "後書き" * 40
    index("計画", body)
    (hit,) = search("観光 dmo")
    assert "<mark>観光</mark>地域づくり" in hit.snippet
    assert "<mark>ＤＭＯ</mark>" in hit.snippet
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hit.snippet
    assert "<script>" not in hit.snippet
    assert hit.snippet.startswith("…") and hit.snippet.endswith("…")


def test_snippet_maps_folded_text_back_to_the_original():
    index("案内", "ｶﾞｲﾄﾞ付きのｶﾝｺｳツアー")
    (hit,) = search("かんこう")
    assert hit.snippet == "ｶﾞｲﾄﾞ付きの<mark>ｶﾝｺｳ</mark>ツアー"


def test_members_entries_reach_only_members_and_the_secretariat():
    world = build_world()
    index("会員向け 観光連携の提案", visibility=SearchEntry.Visibility.MEMBERS, network=world.network)
    index("ログイン者向け 観光セミナー", visibility=SearchEntry.Visibility.SIGNED_IN)
    index("公開 観光フォーラム")
    index("所属なし 観光", visibility=SearchEntry.Visibility.MEMBERS)  # no network: nobody

    def visible(user):
        return sorted(titles("観光", entries=SearchEntry.objects.visible_to(user)))

    everything = ["ログイン者向け 観光セミナー", "会員向け 観光連携の提案", "公開 観光フォーラム"]
    assert visible(AnonymousUser()) == ["公開 観光フォーラム"]
    assert visible(world.charlie) == ["ログイン者向け 観光セミナー", "公開 観光フォーラム"]
    assert visible(world.dave) == ["ログイン者向け 観光セミナー", "公開 観光フォーラム"]
    assert visible(world.alice) == everything
    assert visible(world.bob) == everything
    assert visible(world.secretariat) == everything
    # Without a queryset only public entries are searched.
    assert titles("観光") == ["公開 観光フォーラム"]
    # A suspended member loses sight of the members' entries.
    Membership.objects.filter(organisation=world.bob_org).update(status=Membership.Status.SUSPENDED)
    access_changed()  # a bulk update sends no signal
    assert visible(world.bob) == ["ログイン者向け 観光セミナー", "公開 観光フォーラム"]


def test_update_and_remove_keep_the_index_current():
    obj = index("防災訓練のお知らせ")
    assert titles("防災") == ["防災訓練のお知らせ"]
    search_index(obj=obj, title="移住相談会のお知らせ", body="", visibility=PUBLIC)
    assert titles("防災") == []
    assert titles("移住") == ["移住相談会のお知らせ"]
    assert SearchEntry.objects.count() == 1
    assert search_remove(obj=obj) == 1
    assert titles("移住") == []
    assert search_remove(obj=obj) == 0


def test_deleting_entries_in_bulk_leaves_nothing_behind():
    world = build_world()
    index("会員向け 防災", visibility=SearchEntry.Visibility.MEMBERS, network=world.network)
    SearchEntry.objects.filter(network=world.network).delete()
    index("防災の新しい記事")
    assert titles("防災", entries=SearchEntry.objects.all()) == ["防災の新しい記事"]


def test_objects_with_string_keys_can_be_indexed():
    kamaishi = LocalGovernment.objects.get(name="釜石市")
    search_index(obj=kamaishi, title=kamaishi.name, body="復興と防災のまち", visibility=PUBLIC)
    (hit,) = search("防災")
    assert hit.entry.object_id == str(kamaishi.pk)
    assert "<mark>防災</mark>" in hit.snippet


def test_unknown_visibility_is_refused():
    with pytest.raises(ValueError):
        index("観光", visibility="everyone")
    assert SearchEntry.objects.count() == 0


def test_rebuild_reads_the_registered_providers():
    stale = index("古い防災記事")
    kept = OrganisationFactory(name="防災の町")

    def provider():
        yield registry.Document(kept, "防災の町", "避難訓練", None, PUBLIC)

    registry.register("test.organisations", provider)
    try:
        assert search_rebuild() == 1
        call_command("search_rebuild", stdout=open("/dev/null", "w"))  # noqa: SIM115
    finally:
        registry.unregister("test.organisations")
    assert titles("防災") == ["防災の町"]
    assert titles("避難") == ["防災の町"]
    assert not SearchEntry.objects.filter(object_id=str(stale.pk), title="古い防災記事").exists()


def test_query_count_is_constant(django_assert_num_queries):
    for _ in range(2):
        index("連携の提案")
    with django_assert_num_queries(2):
        assert len(search("連携")) == 2
    for _ in range(10):
        index("連携の提案")
    with django_assert_num_queries(2):
        assert len(search("連携")) == 12
