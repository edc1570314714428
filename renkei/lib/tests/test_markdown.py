from renkei.lib.markdown import render_markdown


def test_script_and_event_handlers_are_removed():
    html = render_markdown(
        'Hello <script>alert(1)</script>\n\n<p onclick="alert(2)">click</p> <img src=x onerror="alert(3)">'
    )
    assert "<script" not in html
    assert "onclick" not in html
    assert "onerror" not in html
    assert "<img" not in html
    assert "Hello" in html


def test_links_keep_their_address_and_open_safely():
    html = render_markdown("[観光](https://example.jp/kanko) and [bad](javascript:alert(1))")
    assert 'href="https://example.jp/kanko"' in html
    assert 'rel="noopener noreferrer nofollow"' in html
    assert "javascript:" not in html


def test_lists_emphasis_and_small_headings_render():
    html = render_markdown("### 概要\n\n- **一** *二*\n- `三`")
    assert "<h3>概要</h3>" in html
    assert "<li><strong>一</strong> <em>二</em></li>" in html
    assert "<code>三</code>" in html


def test_a_text_leaves_nothing_behind_for_the_next():
    # The converter is reused: a link definition in one post must not turn up in another.
    render_markdown("[site]: https://example.jp/\n\n本文")
    html = render_markdown("[site] を参照")
    assert "href" not in html
