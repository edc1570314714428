"""Why a suggestion is made, as a person reads it: Japanese punctuation, and a reason every time."""

from django.utils import translation

from renkei.matching.selectors import Suggestion


def suggestion(**fields) -> Suggestion:
    return Suggestion("offer", None, 0.5, fields.pop("parts", {"text": 0.4, "size": 0.5}), **fields)


def test_reasons_use_japanese_punctuation_in_japanese():
    found = suggestion(themes=["観光", "文化"], words=["伝統工芸", "ブランディング"], regions=["近畿"])
    with translation.override("ja"):
        assert found.reasons == ["テーマ：観光、文化", "キーワード：伝統工芸、ブランディング", "地域：近畿"]
    with translation.override("en"):
        assert found.reasons[0] == "themes: 観光, 文化"


def test_every_suggestion_has_a_reason():
    with translation.override("ja"):
        assert suggestion().reasons == ["内容が近い"]
        assert suggestion(parts={"text": 0.05, "size": 1.0}).reasons == ["規模が近い"]
