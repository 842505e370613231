"""A LinkedIn profile link gives the handle make_handle makes of its slug, whichever way the
link is read (the usual plain slug is read without urlsplit)."""

from __future__ import annotations

from urllib.parse import unquote

from hypothesis import given
from hypothesis import strategies as st
from outreach.sources.cells import make_handle
from outreach.sources.linkedin import handle_from_url

slugs = st.text(alphabet="abz09-._AZé%", min_size=1, max_size=45)


@given(slugs, st.sampled_from(["", "/", "/ "]))
def test_a_profile_link_gives_its_slugs_handle(slug: str, end: str) -> None:
    url = f"https://www.linkedin.com/in/{slug}{end}"
    assert handle_from_url(url) == make_handle(unquote(slug))


def test_a_plain_slug_is_the_handle() -> None:
    assert handle_from_url("https://www.linkedin.com/in/ada-lovelace-1815/") == "ada-lovelace-1815"
    assert handle_from_url("https://www.linkedin.com/in/ada--x-/") == "ada-x"
    assert handle_from_url("https://www.linkedin.com/in/" + "a" * 45) == "a" * 40
