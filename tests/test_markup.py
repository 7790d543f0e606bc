"""Formatted texts (advisor.markup): what is stored, what Telegram counts, what a page shows."""

import pytest
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from advisor.core.markup import (
    MarkupError,
    clean,
    escape,
    fitted,
    plain,
    telegram_length,
)
from advisor.core.web_address import is_web_address
from advisor.markup import as_page_html

EVERY_FORMAT = (
    "Try <b>bold</b>, <i>italic</i>, <u>under</u>, <s>struck</s>, <code>x&lt;1</code>, "
    '<a href="https://scikit-learn.org/stable/?a=1&amp;b=2">the docs</a>\n'
    "<blockquote>a quote with <b><i>both</i></b></blockquote>"
)


def test_every_format_is_kept_in_one_spelling():
    assert clean(EVERY_FORMAT) == EVERY_FORMAT
    assert clean("<B>x</B> and <a href='https://a.example/'>y</a>") == (
        '<b>x</b> and <a href="https://a.example/">y</a>'
    )
    assert plain(EVERY_FORMAT) == (
        "Try bold, italic, under, struck, x<1, the docs\na quote with both"
    )


@pytest.mark.parametrize("literal", ["<100K samples", "a & b", "* _ ` [x](y)", "<b>not bold</b>"])
def test_what_an_editor_types_literally_shows_literally(literal):
    stored = escape(literal)
    assert clean(stored) == stored
    assert plain(stored) == literal


def test_an_ampersand_telegram_reads_literally_is_stored_escaped():
    assert clean("R&D &copy; &amp; &#60;") == "R&amp;D &amp;copy; &amp; &lt;"
    assert plain("R&D &copy;") == "R&D &copy;"


def test_lengths_are_counted_as_telegram_counts_them():
    assert telegram_length("<b>Hi</b> &lt;3") == len("Hi <3")
    # an emoji outside the Basic Multilingual Plane is two UTF-16 code units
    assert telegram_length("👍 <i>ok</i>") == 5
    assert telegram_length(escape("é" * 10)) == 10


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("<100K samples", "“<” on its own must be written &lt;"),
        ("<span>x</span>", "Telegram has no <span> formatting"),
        ("<b>open", "<b> is never closed"),
        ("<b><i>x</b></i>", "</b> closes a format that is not open here"),
        ('<a href="javascript:alert(1)">x</a>', "is not a web address"),
        ("<a>x</a>", "A link needs its address"),
        ('<b class="x">x</b>', "<b> takes no settings"),
        ("<code><b>x</b></code>", "Code cannot hold other formatting"),
        ("&#55357;", "is not a character"),
    ],
)
def test_markup_telegram_would_refuse_is_refused_in_plain_words(text, said):
    with pytest.raises(MarkupError, match=said.replace("(", r"\(").replace(")", r"\)")):
        clean(text)


def test_a_page_shows_the_formatting_and_never_runs_markup():
    shown = as_page_html(EVERY_FORMAT)
    assert "<b>bold</b>" in shown and "<blockquote>" in shown
    assert '<a href="https://scikit-learn.org/stable/?a=1&amp;b=2" rel="noopener' in shown
    assert as_page_html("<img src=x onerror=alert(1)>") == ("&lt;img src=x onerror=alert(1)&gt;")
    assert "<script" not in as_page_html("&lt;script&gt;alert(1)&lt;/script&gt;")
    assert 'href="https://a.example/x"' in as_page_html("see https://a.example/x")


def test_a_text_over_the_limit_is_cut_to_its_words():
    long = "<b>" + "word " * 1000 + "</b>"
    cut = fitted(long, 4096)
    assert telegram_length(cut) == 4096 and "<b>" not in cut and cut.endswith("…")
    assert fitted("<b>short</b>", 4096) == "<b>short</b>"


ADDRESSES = [
    "https://scikit-learn.org/stable/?a=1&b=2#top",
    "http://a.example",
    "HTTPS://A.EXAMPLE./x y",
    "https://user:pass@a.example:8443/x",
    "https://localhost/x",
    "https://192.168.0.1/",
    "https://256.1.1.1/",
    "https://[2001:db8::1]:80/",
    "https://[2001:db8::zz]/",
    "https://[::1]/",
    "https://xn--bcher-kva.example/",
    "https://bücher.example/",
    "https://-bad.example/",
    "https://a.b-/",
    "https://a.example\nb",
    "https://[0000:0000:0000:0000:0000:ffff:192.168.100.200]/",  # 45 characters
    *(f"https://{'a' * 63}.{'b' * 63}.{'c' * 63}.{'d' * n}.org" for n in (57, 58)),  # 253, 254
    "https://a.example/" + "x" * 2040,
    "https://a",
    "ftp://a.example/",
    "javascript:alert(1)",
    "//a.example/",
    "https://a.example:99999/",
    "https://a..example/",
    "",
]


@pytest.mark.parametrize("address", ADDRESSES)
@pytest.mark.parametrize("schemes", [("https", "http"), ("https",)])
def test_a_web_address_is_what_djangos_url_validator_accepts(address, schemes):
    try:
        URLValidator(schemes=list(schemes))(address)
        accepted = True
    except ValidationError:
        accepted = False
    assert is_web_address(address, schemes) == accepted
