"""Stage 2: metadata from every source a page offers, merged in one documented order.

First cut (owner: metadata work): OpenGraph/meta, then the visible page.
"""

from __future__ import annotations

from datetime import datetime

from ..model import Author, Metadata, Page


def extract_metadata(page: Page, profile: object | None = None) -> Metadata:
    tree = page.tree

    def meta(*names: str) -> str | None:
        for name in names:
            for el in tree.xpath(
                "//meta[@property=$n or @name=$n][@content]", n=name
            ):
                value = el.get("content", "").strip()
                if value:
                    return value
        return None

    h1 = tree.xpath("string(//h1)").strip()
    title = h1 or meta("og:title") or tree.findtext(".//title") or "Untitled"
    published = meta("article:published_time")
    author = meta("author")
    return Metadata(
        title=title.strip(),
        description=meta("og:description", "description"),
        authors=(Author(name=author),) if author else (),
        published=datetime.fromisoformat(published) if published else None,
        site_name=meta("og:site_name"),
        url=meta("og:url"),
        lang=tree.get("lang"),
    )
