"""The speed shortcuts of the body's chrome rules and of the page's Markdown guard give
the same answers as the plain computations they skip (each compared with it here)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from converter.extract.clean import CHROME_PROMO, CHROME_PROMO_HINT
from converter.pipeline import with_lead
from converter.sanitize import _sanitize_markdown, sanitize_markdown

# chrome promo boxes ---------------------------------------------------------------------

PROMO_WORDS = [
    "subscribe", "SUBSCRIBE", "ſubſcribe", "Subscribers", "sign up", "signing up", "SıGN up",
    "newsletter", "Newsletters", "inbox", "free", "delivered", "magazine", "subscription",
    "follow", "FOLLOW", "us", "on facebook", "on twitter", "on instagram", "already a",
    "subscriber", "only", "now", "to", "continue", "read", "reading,", "please", "log in",
    "through", "your", "door", "letterbox", "12 issues for", "for as little as", "£1",
    "a year", "per month", "メールマガジン", "メール配信", "ニュースレター", "会員登録",
    "有料会員", "有料プラン", "会員限定の記事", "読み放題", "続きは会員", "続きは有料",
    "the", "news", "story", "記事", "の", "\u212a", "\u0130",
]  # fmt: skip


@given(st.lists(st.sampled_from(PROMO_WORDS), max_size=8).map(" ".join))
def test_promo_hint_is_in_every_promo_match(text: str) -> None:
    if CHROME_PROMO.search(text):
        assert CHROME_PROMO_HINT.search(text)


def test_promo_hint_keeps_every_promo_box() -> None:
    boxes = [
        "Sign up for our newsletter, delivered to your inbox",
        "Already a subscriber? Log in",
        "Follow us on Instagram",
        "有料会員になると続きを読めます",
        "Get 12 issues for £12, delivered through your door",
        "ſubscribe to read the full story",
    ]
    for text in boxes:
        assert CHROME_PROMO.search(text) and CHROME_PROMO_HINT.search(text)


# the page's Markdown guard ---------------------------------------------------------------

markdownish = st.text(alphabet=st.sampled_from(list("<>/!?-=\"' :{}[]()#&;.\\ajsvbcriptonl\n")))
leadish = st.text(alphabet=st.sampled_from(list("abc .,:;!?()&#*_-\n\u3000リード")))


@given(lead=st.one_of(leadish, markdownish), body=markdownish, guarded=st.booleans())
def test_lead_and_body_are_guarded_as_one_text(lead: str, body: str, guarded: bool) -> None:
    body = sanitize_markdown(body) if guarded else body
    whole = _sanitize_markdown(f"{lead}\n{{ .lead }}\n\n{body}")
    assert with_lead(lead, body) == whole


@given(md=markdownish)
def test_a_guarded_text_handed_back_is_guarded_again_unchanged(md: str) -> None:
    once = sanitize_markdown(md)
    assert sanitize_markdown(once) == _sanitize_markdown(once) == once
