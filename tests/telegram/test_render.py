"""Rich text to Telegram HTML: escaping, mentions, links, lengths and splitting."""
from bot.messages import Bold, Code, Italic, Link, Mention, Text

from adapters.telegram import render


def test_every_segment_is_escaped():
    html = render.render((Text("a < b & c > d"), Bold("<i>"), Italic("&amp;"), Code("x<y")))
    assert html == "a &lt; b &amp; c &gt; d<b>&lt;i&gt;</b><i>&amp;amp;</i><code>x&lt;y</code>"


def test_mentions_link_to_the_user_or_fall_back_to_bold():
    assert render.render((Mention("<Eve>", (("telegram", "42"),)),)) == '<a href="tg://user?id=42">&lt;Eve&gt;</a>'
    assert render.render((Mention("Bob", (("discord", "9"),)),)) == "<b>Bob</b>"
    assert render.render((Mention("Bad", (("telegram", "1 onclick"),)),)) == "<b>Bad</b>"


def test_links_are_quoted_and_odd_schemes_shown_as_text():
    assert render.render((Link("docs", 'https://x.org/?a=1&b="2"'),)) == \
        '<a href="https://x.org/?a=1&amp;b=&quot;2&quot;">docs</a>'
    assert render.render((Link("run", "javascript:alert(1)"),)) == "run (javascript:alert(1))"


def test_lengths_count_utf16_units_of_the_visible_text():
    assert render.length((Text("🦄"), Bold("ab"), Link("x", "https://long.example/path"))) == 5


def test_split_keeps_pieces_under_the_limit_and_cuts_at_words():
    pieces = render.split((Text("word " * 30), Bold("end")), limit=40)
    assert all(render.length(p) <= 40 for p in pieces)
    assert "".join(render.visible(s) for p in pieces for s in p) == "word " * 30 + "end"
    emoji = render.split((Text("🦄" * 30),), limit=7)
    assert all(render.length(p) <= 7 for p in emoji) and sum(render.length(p) for p in emoji) == 60
