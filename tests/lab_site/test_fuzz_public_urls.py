"""No query string makes a public URL answer 500: hypothesis throws text with NUL bytes,
control characters, digits of every script, huge numbers and repeated keys at every
public URL's parameters, and at parameters no page knows."""

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

PUBLIC_URLS = [
    "/",
    "/people/",
    "/people/max-tegmark/",
    "/publications/",
    "/publications/export.bib",
    "/publications.atom",
    "/publications/feed/",
    "/publications/page/2/",
    "/publications/year/2023/",
    "/publications/member/ziming-liu/",
    "/publications/omnigrok-grokking-beyond-algorithmic-data/",
    "/publications/omnigrok-grokking-beyond-algorithmic-data.bib",
    "/research/",
    "/research/omnigrok-grokking-beyond-algorithmic-data/",
    "/search/",
    "/sitemap.xml",
    "/robots.txt",
    "/no-such-page/",
]
KNOWN_KEYS = ["q", "year", "topic", "member", "type", "code", "page", "kind"]

# Digits of every script (², ①, ٣, ߂…), as \d and str.isdigit() see them.
unicode_digits = st.characters(categories=["Nd", "No"])
nasty_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8", categories=["Cc", "Cf", "Zs"]), max_size=10),
    st.text(alphabet=unicode_digits, min_size=1, max_size=6),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(
        [
            '"',
            '"unbalanced',
            "a\x00b",
            "\x00",
            "2024\x00",
            "sparse AND (",
            "*",
            "-",
            "'",
            "NEAR(",
            "²",
            "①",
            "1e999",
            "ſ",
        ]
    ),
)
query_items = st.lists(
    st.tuples(st.one_of(st.sampled_from(KNOWN_KEYS), st.text(min_size=1, max_size=8)), nasty_text),
    min_size=1,
    max_size=6,
)


def encode(items):
    return "&".join(f"{quote(key, safe='')}={quote(value, safe='')}" for key, value in items)


@settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(url=st.sampled_from(PUBLIC_URLS), items=query_items)
def test_no_query_string_makes_a_public_url_answer_500(client, demo_site, url, items):
    response = client.get(f"{url}?{encode(items)}")
    assert response.status_code in {200, 301, 302, 400, 404}, (url, items, response.status_code)
    if response.status_code == 301:  # a query string with a path of its own: go there
        followed = client.get(response["Location"])
        assert followed.status_code in {200, 404}, (url, items, response["Location"])


path_kinds = st.one_of(
    st.sampled_from(["year", "topic", "member", "type", "page", "feed"]), st.text(max_size=8)
)


@settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(kind=path_kinds, value=nasty_text, number=st.one_of(st.none(), nasty_text))
def test_no_listing_path_answers_500(client, demo_site, kind, value, number):
    """The lists' own paths (``/publications/<filter>/<value>/page/<n>/``) with any value."""
    url = f"/publications/{quote(kind, safe='')}/{quote(value, safe='')}/"
    if number is not None:
        url += f"page/{quote(number, safe='')}/"
    response = client.get(url)
    assert response.status_code in {200, 301, 404}, (url, response.status_code)


@pytest.mark.parametrize(
    ("url", "query"),
    [
        ("/publications/", "q=a%00b"),
        ("/publications/", "topic=a%00b"),
        ("/publications/", "member=a%00b"),
        ("/publications/", "year=%C2%B2"),
        ("/publications/", "year=%E2%91%A0"),
        ("/publications/export.bib", "q=a%00b&topic=%00&member=%00"),
        ("/search/", "q=a%00b"),
        ("/search/", "q=%22unbalanced"),
        ("/search/", "q=grokking&kind=%00&page=%C2%B2"),
        ("/research/", "topic=%00"),
    ],
)
def test_the_reported_query_strings_answer_without_an_error(client, demo_site, url, query):
    response = client.get(f"{url}?{query}")
    assert response.status_code in {200, 400}, response.status_code
