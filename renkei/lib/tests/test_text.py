from renkei.lib.text import plain_excerpt


def test_the_excerpt_is_plain_text():
    assert (
        plain_excerpt("# 見出し\n\n**太字** と [リンク](javascript:alert(1)) &amp; <img src=x onerror=y>")
        == ("見出し 太字 と リンク & ").strip()
    )


def test_a_long_excerpt_is_cut_at_its_length():
    assert plain_excerpt("あ" * 300, length=10) == "あ" * 9 + "…"
