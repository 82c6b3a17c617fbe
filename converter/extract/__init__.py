"""Stage 3: the body. Find the article node, then work on a private copy of it:

1. locate   - the article node (site profile selector, else trafilatura's main text as
              an oracle mapped back onto our own DOM, see locate.py)
   (then what the page hides from the reader goes, before figures: see clean.py)
2. figures  - images as the reader saw them; caption/credit split
3. profile  - the author box (read from the page, removed from the node)
4. clean    - chrome inside the node (related, rankings, share, ads, pager...);
              text between <br><br> becomes paragraphs (breaks.py); the body's
              opening set above the node (key points, a lead entry) opens it (lead.py)
5. lead     - the dek (subtitle) and the ＜…＞ lead paragraph, taken out of the body
6. sanitise - nothing executable survives
7. markdown - the node as Markdown
"""

from __future__ import annotations

from urllib.parse import urljoin

from lxml.html import HtmlElement

from ..markdown import to_markdown
from ..model import Body, Metadata, Page
from ..profiles import SiteProfile
from ..profiles.select import use_lazy_src
from ..sanitize import sanitize_tree
from .breaks import split_at_breaks
from .clean import clean, drop_hidden, drop_repeats
from .figures import normalise_figures
from .hero import adopt_lead_image
from .lead import find_standfirst, opening_above, shown_forms, take_dek, take_lead
from .locate import locate_article
from .profile import take_profile


def extract_body(page: Page, meta: Metadata, profile: SiteProfile | None = None) -> Body:
    base_url = page_base_url(page.tree, meta.url)
    located = locate_article(page.tree, meta, profile)
    node = located.node
    use_lazy_src(node, profile)
    drop_hidden(node)
    adopt_lead_image(page.tree, node, meta, base_url, profile)
    figures = normalise_figures(node, base_url)
    authors = take_profile(page.tree, node, base_url, profile.profile if profile else ())
    clean(node, meta, profile)
    above = located.above
    opening, taken = opening_above(above)
    if opening is not None:
        above = above[: len(above) - taken]  # in the body now: no standfirst among them
        opening.tail, node.text = node.text, None  # before all of the body
        node.insert(0, opening)
    split_at_breaks(node)
    subtitle = take_dek(node, meta.subtitle, meta.title)
    lead = take_lead(node)
    if lead is None:
        selectors = profile.lead if profile else ()
        shown = (meta.title, meta.subtitle, subtitle)
        lead = find_standfirst(page.tree, selectors, above, shown)
        for shown in shown_forms(lead) if lead else ():
            drop_repeats(node, shown)  # shown above the body: not twice
    sanitize_tree(node)
    return Body(
        markdown=to_markdown(node, base_url=base_url),
        lead=lead,
        subtitle=subtitle,
        figures=figures,
        authors=authors,
    )


def page_base_url(tree: HtmlElement, url: str | None) -> str | None:
    """The URL relative links resolve against: ``<base href>`` (itself resolved against
    the page URL), else the page URL from the metadata."""
    for href in tree.xpath("//head/base/@href"):
        href = str(href).strip()
        if href and not href.startswith(("javascript:", "data:")):
            return urljoin(url or "", href) or None
    return url
