"""The Markdown stage: every option pinned, output that Python-Markdown (as MkDocs
Material configures it) renders with the intended structure."""

from __future__ import annotations

import lxml.html
import markdown as pymd
import pytest

from converter.markdown import OPTIONS, DigestMarkdown, to_markdown
from converter.sanitize import sanitize_markdown

BASE = "https://example.com/columns/2025/a.html"
# The Markdown extensions the site uses for article bodies.
EXTENSIONS = ["tables", "fenced_code", "md_in_html", "attr_list"]


def md(html: str, base: str | None = BASE) -> str:
    return to_markdown(lxml.html.fragment_fromstring(f"<div>{html}</div>"), base)


def rendered(html: str) -> lxml.html.HtmlElement:
    return lxml.html.fragment_fromstring(
        pymd.markdown(md(html), extensions=EXTENSIONS), create_parent="div"
    )


def test_every_markdownify_option_is_pinned() -> None:
    from markdownify import MarkdownConverter

    defaults = {k for k in vars(MarkdownConverter.DefaultOptions) if not k.startswith("_")}
    assert defaults <= set(OPTIONS), f"unpinned: {sorted(defaults - set(OPTIONS))}"
    assert DigestMarkdown().options["heading_style"] == OPTIONS["heading_style"]


def test_headings_are_atx_and_body_h1_is_demoted() -> None:
    out = md("<h1>Top</h1><h2>Sub</h2><h3>Third</h3>")
    assert out.splitlines()[0::2] == ["## Top", "## Sub", "### Third"]


def test_no_hard_wrap() -> None:
    sentence = " ".join(["word"] * 60)
    assert md(f"<p>{sentence}</p>").strip() == sentence


def test_nested_lists_indent_four_spaces_and_render_nested() -> None:
    html = "<ul><li>one<ul><li>a</li><li>b</li></ul></li><li>two</li></ul>"
    assert "\n    - a\n    - b\n" in md(html)
    tree = rendered(html)
    assert [li.text.strip() for li in tree.xpath("./ul/li/ul/li")] == ["a", "b"]
    assert len(tree.xpath("./ul/li")) == 2


def test_ordered_list_keeps_start_and_nesting() -> None:
    html = '<ol start="3"><li>x<ol><li>inner</li></ol></li><li>y</li></ol>'
    out = md(html)
    assert out.startswith("3. x\n    1. inner\n4. y")
    assert rendered(html).xpath("string(./ol/li/ol/li)") == "inner"


def test_adjacent_lists_stay_apart_after_sanitising() -> None:
    out = sanitize_markdown(md("<ul><li>a</li></ul><ol><li>b</li></ol>"))
    tree = lxml.html.fragment_fromstring(
        pymd.markdown(out, extensions=EXTENSIONS), create_parent="div"
    )
    assert len(tree.xpath("./ul/li")) == 1 and len(tree.xpath("./ol/li")) == 1


def test_simple_table_is_a_pipe_table() -> None:
    html = "<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>"
    out = md(html)
    assert "| A | B |\n| --- | --- |\n| 1 | 2 |" in out
    assert rendered(html).xpath("string(.//table/tbody/tr/td[2])") == "2"


def test_table_with_spans_stays_html_without_other_attributes() -> None:
    html = (
        '<table class="grid"><tr><td rowspan="2" style="x">span</td><td>b</td></tr>'
        '<tr><td><a href="/p">c</a></td></tr></table>'
    )
    out = md(html)
    assert '<td rowspan="2">span</td>' in out
    assert "class=" not in out and "style=" not in out
    assert 'href="https://example.com/p"' in out
    assert "|" not in out


def test_links_and_images_are_absolute() -> None:
    out = md('<p><a href="../b.html">b</a> <img src="/i.png" alt="i"></p>')
    assert "[b](https://example.com/columns/b.html)" in out
    assert "![i](https://example.com/i.png)" in out


def test_fragment_links_stay_relative() -> None:
    assert "[n](#note)" in md('<p><a href="#note">n</a></p>')


def test_code_is_fenced_with_language() -> None:
    out = md('<pre><code class="language-python">def f():\n    return 1\n</code></pre>')
    assert out.startswith("```python\ndef f():\n    return 1\n```")


def test_blockquote() -> None:
    assert md("<blockquote><p>quoted</p></blockquote>").strip() == "> quoted"


def test_figure_becomes_material_figure_block() -> None:
    html = (
        '<figure><img src="a.jpg" alt="Alt"><figcaption><span class="caption">Cap &amp; more'
        '</span> <small class="credit">Photo: X</small></figcaption></figure>'
    )
    out = md(html)
    assert out.strip().splitlines() == [
        '<figure markdown="span">',
        "  ![Alt](https://example.com/columns/2025/a.jpg)",
        '  <figcaption>Cap &amp; more <small class="credit">Photo: X</small></figcaption>',
        "</figure>",
    ]
    tree = rendered(html)
    assert tree.xpath("string(.//figure/figcaption/small)") == "Photo: X"
    assert tree.xpath(".//figure//img/@src") == ["https://example.com/columns/2025/a.jpg"]


@pytest.mark.parametrize("base", [None, BASE])
def test_output_ends_with_one_newline(base: str | None) -> None:
    out = md("<p>a</p><p></p><p>b</p>", base)
    assert out == "a\n\nb\n"


def test_plain_text_drops_images_and_link_urls_even_with_escaped_brackets() -> None:
    """The body's text (search, summaries) has no image syntax and no URL, also when an
    alt or link text holds brackets that the Markdown escapes."""
    from converter.pipeline import markdown_to_text

    markdown = (
        "![Troops in 2001 \\[File: Reuters\\]](https://example.org/a.jpg)\n\n"
        "See [the \\[1\\] note](https://example.org/n) here."
    )
    text = markdown_to_text(markdown)
    assert "example.org" not in text and "a.jpg" not in text
    assert text == "See the [1] note here.\n"
