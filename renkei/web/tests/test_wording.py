"""The Japanese catalogue and the templates keep to docs/glossary.md.

The rendered pages and emails of the whole suite are read by the root conftest; these tests
read the catalogue and the templates' buttons, which a test may never render.
"""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, pgettext

from renkei.lib.wording import GLOSSARY, banned_terms, faults

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "ja" / "LC_MESSAGES" / "django.po"
BUTTON = re.compile(r'<button\b[^>]*>\s*\{% translate "([^"]+)"(?: context "([^"]+)")? %\}', re.S)
# A button says what it does: a verb (保存する, 取り込む) or a request (ご確認ください).
VERB = re.compile(r"[うくぐすつぬぶむる]$|ください$")
# Labels the Digital Agency's design system itself writes as nouns, and a toggle that shows its state.
NOUN_BUTTONS = {"検索", "ログアウト", "関心あり"}


@pytest.fixture(scope="module")
def catalogue():
    return [entry for entry in polib.pofile(str(CATALOGUE)) if not entry.obsolete]


def translations(entry) -> list[str]:
    return [entry.msgstr, *entry.msgstr_plural.values()]


def test_no_japanese_translation_uses_a_banned_term(catalogue):
    found = [
        f"{entry.msgid!r}: {fault}"
        for entry in catalogue
        for text in translations(entry)
        for fault in faults(text)
        if not fault.startswith(("ISO date", "half-width"))
    ]
    assert found == []


def test_no_japanese_translation_has_half_width_punctuation_beside_japanese(catalogue):
    found = [
        f"{entry.msgid!r}: {fault}"
        for entry in catalogue
        for text in translations(entry)
        for fault in faults(text)
        if fault.startswith("half-width")
    ]
    assert found == []


def test_the_glossary_names_the_terms_it_bans():
    terms = banned_terms()
    assert terms["サインイン"] == "ログイン"
    assert "督促" in terms and "受付箱" in terms and "営業日" in terms


def _contexts() -> list[tuple[str, str, str]]:
    section = GLOSSARY.read_text(encoding="utf-8").split("## Words that need a message context", 1)[1]
    section = section.split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if len(cells) != 3 or cells[0] in ("English", "---") or cells[0].startswith("-"):
            continue
        words, contexts, japanese = cells
        japanese = re.sub(r"\s*\(.*?\)", "", japanese)
        for word in words.split(", "):
            for context, ja in zip(contexts.split(" / "), japanese.split(" / "), strict=True):
                if len(words.split(", ")) > 1:
                    ja = japanese.split(", ")[words.split(", ").index(word)]
                rows.append((word, context, ja))
    return rows


@pytest.mark.parametrize(("word", "context", "japanese"), _contexts())
def test_a_word_with_two_meanings_has_one_translation_per_meaning(catalogue, word, context, japanese):
    entries = {(entry.msgctxt, entry.msgid): entry.msgstr for entry in catalogue}
    assert entries.get((context, word)) == japanese, f"{word} ({context}) should read {japanese}"


def test_the_meanings_fixed_by_context_are_not_mixed_up_again(catalogue):
    entries = {(entry.msgctxt, entry.msgid): entry.msgstr for entry in catalogue}
    # The faults found in review: a cancelled registration read as an event called off, an
    # inquiry's status as a date, an article's title as a job title.
    assert entries[("registration status", "Cancelled")] != entries[("event status", "Cancelled")]
    assert entries[("inquiry status", "Answered")] != entries[("date column", "Answered")]
    assert entries[("heading", "Title")] != entries[("job title", "Title")]


def test_every_button_says_what_it_does():
    found = {}
    with translation.override("ja"):
        for template in (Path(settings.BASE_DIR) / "renkei").rglob("*.html"):
            for match in BUTTON.finditer(template.read_text(encoding="utf-8")):
                msgid, context = match.groups()
                label = pgettext(context, msgid) if context else gettext(msgid)
                if not VERB.search(label) and label not in NOUN_BUTTONS:
                    found.setdefault(f"{msgid} → {label}", template.name)
    assert found == {}


def test_a_fault_is_found_in_japanese_text_and_its_place_is_shown():
    found = faults("日時: 2026-01-31 14:00")
    assert [fault.split(":")[0] for fault in found] == ["ISO date", "half-width punctuation"]
    assert "日時: 2026-01-31" in found[0]
    assert faults("日時：2026年1月31日（土）14:00") == []
    assert faults("サインインしてください")[0].startswith("サインイン (write ログイン)")


def test_sign_in_and_two_factor_pages_use_renkei_s_words():
    with translation.override("ja"):
        assert gettext("Two-Factor Authentication") == "二要素認証"
        assert gettext("Password (again)") == "パスワード（再入力）"
        assert gettext("Forgot your password?") == "パスワードをお忘れですか？"


def test_a_missing_required_field_is_named_with_what_to_do():
    from django import forms
    from django.template.loader import render_to_string

    class Form(forms.Form):
        department = forms.CharField(label="部署名")
        kind = forms.ChoiceField(label="種別", choices=[("a", "A")])

    with translation.override("ja"):
        form = Form(data={})
        html = "".join(render_to_string("forms/_field.html", {"field": form[name]}) for name in ("department", "kind"))
    assert "「部署名」を入力してください。" in html
    assert "「種別」を選んでください。" in html
    assert "この項目" not in html


def test_page_text_reads_what_people_see_and_leaves_out_code_and_file_formats():
    from renkei.lib.wording import page_text

    html = (
        '<p title="2025-01-01">日時：<time datetime="2025-01-01">1月1日</time></p>'
        "<code>2025-01-01</code><script>var a = '2025-01-01';</script>"
        '<p class="file-format">日付は 2025-04-01 の形式で入力します。</p><p>終わり</p>'
    )
    text = page_text(html)
    assert "日時：" in text and "1月1日" in text and "終わり" in text
    assert "2025" not in text
