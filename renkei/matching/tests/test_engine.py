"""The engine: the evaluation set, both languages, both directions, reasons, and the database index."""

import pytest

from renkei.matching import engine, evaluation
from renkei.matching.engine import Doc, MemoryIndex, file_taxonomy, rank, shared_words


def test_it_finds_the_marked_offers_of_the_evaluation_set():
    figures = evaluation.run()
    assert figures["engine"]["pairs"] >= 100
    assert figures["engine"]["recall@5"] >= 0.8
    assert figures["engine"]["recall@5"] > figures["bm25"]["recall@5"]
    assert figures["engine"]["mrr"] > figures["bm25"]["mrr"]


def test_the_evaluation_set_is_in_both_languages():
    needs, offers = evaluation.load()
    assert {n["lang"] for n in needs} == {"ja", "en"}
    assert {o["lang"] for o in offers} == {"ja", "en"}


def _index(*docs):
    index = MemoryIndex(file_taxonomy())
    for doc in docs:
        index.add(doc)
    return index


def test_an_english_offer_about_overtourism_meets_a_japanese_need():
    need = Doc("need", 1, "観光客の集中\n中心部のオーバーツーリズムが深刻です。", organisation_id=1)
    offers = _index(
        Doc(
            "offer",
            10,
            "Easing overtourism\nWe design routes that spread visitors away from crowded streets.",
            organisation_id=2,
        ),
        Doc("offer", 11, "Office furniture\nWe lease desks and chairs.", organisation_id=3),
    )
    found = rank(need, "offer", offers, file_taxonomy())
    assert [m.id for m in found][:1] == [10]
    assert "overtourism" in found[0].themes


def test_it_ranks_needs_for_an_offer_too():
    offer = Doc("offer", 1, "Solar panels\nWe install solar panels on public buildings.", organisation_id=1)
    needs = _index(
        Doc("need", 5, "太陽光発電の導入\n庁舎の屋根に太陽光パネルを設置したい。", organisation_id=2),
        Doc("need", 6, "祭りの継承\n祭りの担い手が足りません。", organisation_id=3),
    )
    assert [m.id for m in rank(offer, "need", needs, file_taxonomy())][:1] == [5]


def test_the_parts_of_a_score_are_kept_and_weighed_in_one_place():
    need = Doc("need", 1, "伝統工芸のブランディング", frozenset({"crafts"}), frozenset({"kinki"}), "medium", 1)
    offers = _index(
        Doc("offer", 2, "伝統工芸のブランディング支援", frozenset({"crafts"}), frozenset({"kinki"}), "medium", 2)
    )
    (match,) = rank(need, "offer", offers, file_taxonomy())
    assert set(match.parts) == set(engine.WEIGHTS)
    assert match.score == pytest.approx(sum(engine.WEIGHTS[k] * v for k, v in match.parts.items()))
    assert match.parts["region"] == 1.0 and match.parts["size"] == 1.0


def test_the_reason_names_the_words_both_use():
    words = shared_words(
        "伝統工芸のブランディングを進めたい", "伝統工芸品のブランディング支援を行います", file_taxonomy()
    )
    assert "伝統工芸" in words
    assert "ブランディング" in words


@pytest.mark.django_db
def test_the_database_index_ranks_as_the_memory_index_does():
    from renkei.matching import indexing
    from renkei.matching.models import MatchDocument

    needs, offers = evaluation.load()
    taxonomy = indexing.taxonomy()
    memory = MemoryIndex(taxonomy)
    for number, offer in enumerate(offers[:30], start=1):
        doc = evaluation.offer_doc(offer)
        memory.add(Doc("offer", number, doc.text, doc.themes, doc.regions, doc.scale, 1000 + number))
        indexing.index_doc(Doc("offer", number, doc.text, doc.themes, doc.regions, doc.scale, 1000 + number))
    assert MatchDocument.objects.filter(kind="offer").count() == 30
    for need in needs[:10]:
        query = evaluation.need_doc(need)
        query.organisation_id = 1
        in_memory = [m.id for m in rank(query, "offer", memory, taxonomy, limit=5)]
        in_database = [m.id for m in rank(query, "offer", engine.DatabaseIndex(), taxonomy, limit=5)]
        assert in_database == in_memory


def test_a_reason_names_whole_words_not_fragments():
    taxonomy = file_taxonomy()
    words = shared_words("ワーケーションの受け入れを組み合わせたい", "ワーケーションと観光を組み合わせます", taxonomy)
    assert "ワーケーション" in words
    assert all(word not in words for word in ("合わせ", "み合わせ", "わせ"))
    assert engine.whole_word("合わせ") == "" and engine.whole_word("伝統工芸の") == "伝統工芸"
    assert engine.whole_word("ケー") == "" and engine.whole_word("ワーケーション") == "ワーケーション"
