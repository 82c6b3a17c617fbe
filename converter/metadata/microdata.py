"""Source: schema.org microdata (``itemscope``/``itemtype``/``itemprop``) on the article."""

from __future__ import annotations

from lxml.html import HtmlElement

from .found import MICRODATA, ORGANIZATION, PERSON, Found, RawAuthor, clean_text

# An item whose itemtype contains one of these is the article.
ARTICLE_ITEMTYPES = ("Article", "BlogPosting", "Report", "NewsArticle")
# Properties read when a page has itemprop attributes but no article item.
LOOSE_PROPS = frozenset({"headline", "datePublished", "dateModified", "author"})
_MAX_NAME = 120

_SCOPES = "//*[@itemscope][contains(@itemtype, 'Article') or contains(@itemtype, 'BlogPosting')]"


def from_microdata(tree: HtmlElement) -> Found:
    """What the article's microdata says (empty when the page has none)."""
    scopes = tree.xpath(_SCOPES)
    if scopes:
        props = _own_props(scopes[0])
    else:
        props = [el for el in tree.xpath("//*[@itemprop]") if el.get("itemprop") in LOOSE_PROPS]
    if not props:
        return Found(MICRODATA)
    first: dict[str, HtmlElement] = {}
    authors: list[RawAuthor] = []
    for el in props:
        for name in el.get("itemprop", "").split():
            first.setdefault(name, el)
            if name in ("author", "creator"):
                author = _author(el)
                if author:
                    authors.append(author)
    publisher = first.get("publisher")
    return Found(
        MICRODATA,
        title=_value(first.get("headline")) or _value(first.get("name")),
        subtitle=_value(first.get("alternativeHeadline")),
        description=_value(first.get("description")),
        authors=tuple(authors),
        published=_value(first.get("datePublished")) or _value(first.get("dateCreated")),
        updated=_value(first.get("dateModified")),
        publisher=_scoped_name(publisher) if publisher is not None else None,
        section=_value(first.get("articleSection")),
        url=_value(first.get("url")) or _value(first.get("mainEntityOfPage")),
        lang=_value(first.get("inLanguage")),
        tags=_keywords(_value(first.get("keywords"))),
        image=_value(first.get("image")),
    )


def _own_props(scope: HtmlElement) -> list[HtmlElement]:
    """Properties of ``scope`` itself, not of the items nested in it."""
    own = []
    for el in scope.iterdescendants():
        if not isinstance(el.tag, str) or el.get("itemprop") is None:
            continue
        parent = el.getparent()
        while parent is not None and parent is not scope and parent.get("itemscope") is None:
            parent = parent.getparent()
        if parent is scope:
            own.append(el)
    return own


def _value(el: HtmlElement | None) -> str | None:
    if el is None:
        return None
    tag = el.tag
    if tag == "meta":
        return clean_text(el.get("content"))
    if tag == "time" or el.get("datetime"):
        return clean_text(el.get("datetime")) or clean_text(el.text_content())
    if tag in ("a", "link", "area"):
        return clean_text(el.get("href"))
    if tag in ("img", "source", "video", "audio", "embed", "iframe"):
        return clean_text(el.get("src"))
    if el.get("content"):
        return clean_text(el.get("content"))
    if el.get("itemscope") is not None:
        return _scoped_name(el) or _scoped_url(el)
    return clean_text(el.text_content())


def _scoped_name(el: HtmlElement) -> str | None:
    if el.get("itemscope") is None:
        return clean_text(el.get("content")) or clean_text(el.text_content())
    names = el.xpath(".//*[@itemprop='name']")
    return _value(names[0]) if names else None


def _scoped_url(el: HtmlElement) -> str | None:
    urls = el.xpath(".//*[@itemprop='url']")
    return _value(urls[0]) if urls else None


def _author(el: HtmlElement) -> RawAuthor | None:
    kind = None
    itemtype = el.get("itemtype") or ""
    if itemtype.endswith("Person"):
        kind = PERSON
    elif "Organization" in itemtype:
        kind = ORGANIZATION
    if el.get("itemscope") is not None:
        name = _scoped_name(el)
    elif el.tag in ("a", "link"):
        name = clean_text(el.text_content())
    else:
        name = _value(el)
    if not name or len(name) > _MAX_NAME:
        return None
    return RawAuthor(name, kind)


def _keywords(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(p.strip() for p in value.replace("、", ",").split(",") if p.strip())
