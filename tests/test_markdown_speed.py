"""The speed shortcuts of the Markdown, sanitiser, front matter, plain-text and
article-check stages give exactly what the plain code paths give (issue 7: speed
changes keep the output byte-identical).

Each shortcut is compared with the slow path it replaces, on generated input rich in
the characters the shortcuts test for (whitespace runs, CR/LF, tabs, ``<``, ``{``...).
"""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Any

import lxml.html
import nh3
import yaml
from bs4 import BeautifulSoup, Tag
from hypothesis import given, settings
from hypothesis import strategies as st
from markdownify import MarkdownConverter

from converter import article_check, frontmatter, pipeline, sanitize
from converter.markdown import _ELEMENT_CLASSES, DigestMarkdown, _soup, to_markdown

# Pieces of HTML a generated body is made of: text with every kind of whitespace run and
# escapable character, inline and block tags, <pre>/<code> (no folding, no escaping).
# ("&" comes as a whole entity: "&#1" would make a control character lxml refuses.)
_TEXT = st.text(alphabet=" \t\r\n\u3000\xa0ab*_#<>-1.", max_size=12)
_OPEN = ["<p>", "<div>", "<span>", "<b>", "<code>", "<pre>", "<li>", "<h3>", "<td>"]
_CLOSE = ["</p>", "</div>", "</span>", "</b>", "</code>", "</pre>", "</li>", "</h3>"]
_PIECES = st.lists(
    st.one_of(
        _TEXT,
        st.sampled_from(
            [*_OPEN, *_CLOSE, "<br>", "<ul>", "</ul>", "<ol>", "</ol>", "<hr>", "&amp;"]
        ),
    ),
    max_size=25,
)


class _Reference(DigestMarkdown):
    """DigestMarkdown with markdownify's own, unshortened text step."""

    process_text = MarkdownConverter.process_text


def _html(pieces: list[str]) -> str:
    node = lxml.html.fragment_fromstring("".join(pieces), create_parent="div")
    return lxml.html.tostring(node, encoding="unicode")


@settings(max_examples=500, deadline=None)
@given(_PIECES)
def test_text_step_and_parent_lookup_match_markdownify(pieces: list[str]) -> None:
    markup = _html(pieces)
    fast = DigestMarkdown().convert_soup(_soup(markup))
    plain = _Reference().convert_soup(BeautifulSoup(markup, "lxml"))
    assert fast == plain


def test_ordered_list_numbers_count_only_list_items() -> None:
    node = lxml.html.fragment_fromstring(
        '<ol start="3"><li>a</li> x <li>b</li><!-- c --><li>c</li><p>d</p><li>e</li></ol>'
    )
    assert to_markdown(node) == "3. a\nx4. b\n5. c\n\nd\n\n6. e\n"


@settings(max_examples=200, deadline=None)
@given(_PIECES)
def test_fast_find_parent_matches_bs4(pieces: list[str]) -> None:
    markup = _html(pieces)
    fast = BeautifulSoup(markup, "lxml", element_classes=_ELEMENT_CLASSES)
    plain = BeautifulSoup(markup, "lxml")
    for a, b in zip(fast.find_all(True), plain.find_all(True), strict=True):
        for name in ("pre", "div", "li", "nothing"):
            found, expected = a.find_parent(name), b.find_parent(name)
            assert (found is None) == (expected is None)
            if found is not None:
                assert (found.name, found.sourceline) == (expected.name, expected.sourceline)


# What the soup builder must get right beyond the tree: bs4's special string classes
# (<rt>/<rp>), kept whitespace (<pre>/<textarea>), multi-valued class lists, void tags.
_SOUP_PIECES = st.lists(
    st.one_of(
        _TEXT,
        st.sampled_from(
            [
                *_OPEN,
                *_CLOSE,
                "<br>",
                "<ul>",
                "</ul>",
                "<ruby>",
                "<rt>",
                "</rt>",
                "<rp>",
                "<textarea>",
                "</textarea>",
                '<p class=" a  b ">',
                '<img src="x.png" alt="">',
                "<table><tr><td>",
                "<hr>",
            ]
        ),
    ),
    max_size=25,
)
_LINKS = ("parent", "next_element", "previous_element", "next_sibling", "previous_sibling")


def _soup_dump(soup: BeautifulSoup) -> list[Any]:
    """Everything markdownify and the Markdown stage can read from a soup: each node's
    class, text or name/attributes/flags, and every link between the nodes."""
    nodes = [soup, *soup.descendants]
    index = {id(node): i for i, node in enumerate(nodes)}
    out: list[Any] = [index.get(id(soup._most_recent_element))]
    for node in nodes:
        links = [index.get(id(getattr(node, name))) for name in _LINKS]
        if isinstance(node, Tag):
            attrs = [(k, v, type(v)) for k, v in node.attrs.items()]
            flags = (node.can_be_empty_element, node.interesting_string_types)
            flags += (node.preserve_whitespace_tags, node.cdata_list_attributes)
            flags += (node.known_xml, node.hidden, node._namespaces, node.prefix)
            children = [index[id(c)] for c in node.contents]
            out.append((type(node), node.name, attrs, flags, children, links))
        else:
            out.append((type(node), str(node), links))
    return out


@settings(max_examples=300, deadline=None)
@given(_SOUP_PIECES)
def test_soup_builder_builds_the_soup_bs4_builds(pieces: list[str]) -> None:
    markup = _html(pieces)
    expected = BeautifulSoup(markup, "lxml", element_classes=_ELEMENT_CLASSES)
    assert _soup_dump(_soup(markup)) == _soup_dump(expected)


def test_soup_builder_leaves_unusual_markup_to_bs4() -> None:
    for markup in ("<div>a<!-- c -->b</div>", "<div><?x y?>a</div>", "<!DOCTYPE html><p>x"):
        expected = BeautifulSoup(markup, "lxml", element_classes=_ELEMENT_CLASSES)
        assert _soup_dump(_soup(markup)) == _soup_dump(expected)


def test_to_markdown_folds_whitespace_as_before() -> None:
    node = lxml.html.fragment_fromstring(
        "<div><p>a  \t b\r\nc</p><pre>x  y\n\tz</pre><p>d <b> e </b>  f</p></div>"
    )
    # Runs fold to one space outside <pre>; markdownify moves the spaces inside <b> out
    # of the emphasis and keeps its neighbours' own, hence two spaces around **e**.
    assert to_markdown(node) == "a b\nc\n\n```\nx  y\n\tz\n```\n\nd  **e**  f\n"


def _plain_link(match: re.Match[str], group: int) -> str:
    """sanitize._link without the safe-prefix shortcut."""
    dest = match.group(group)
    url = dest[1:-1] if dest.startswith("<") else sanitize._TITLE_START.split(dest, 1)[0]
    if sanitize.safe_url(url) is not None:
        return match.group(0)
    start, end = match.span(group)
    whole = match.group(0)
    return whole[: start - match.start()] + "#" + whole[end - match.start() :]


def _sanitize_without_shortcuts(markdown: str) -> str:
    """sanitize_markdown with every pass run, whatever the text holds."""
    text = sanitize._escape_attr_lists(markdown)
    text = sanitize._LINK_DEST.sub(lambda m: _plain_link(m, 1), text)
    text = sanitize._REF_DEF.sub(lambda m: _plain_link(m, 2), text)
    autolinks: list[str] = []
    marker = sanitize._marker(text)

    def stash(m: re.Match[str]) -> str:
        autolinks.append(m.group(0))
        return f"{marker}{len(autolinks) - 1}{marker}"

    text = sanitize._AUTOLINK.sub(stash, text)
    text = sanitize._COMMENT.sub("", text)
    text = sanitize._ALLOWED_TAG_START.sub("&lt;", text)
    text = sanitize._clean_html(text)
    return re.sub(f"{marker}(\\d+){marker}", lambda m: autolinks[int(m.group(1))], text)


_MARKDOWN = st.lists(
    st.one_of(
        st.text(alphabet="ab <>/!{}:.()[]\n-", max_size=8),
        st.sampled_from(
            [
                "[x](javascript:alert(1))",
                "[x](https://a.example/p)",
                '[x](http://a.example/ "t")',
                "[x](mailto:a@b.example)",
                "[x](https:&#x6a;avascript:x)",
                "[x](<javascript:x>)",
                "](http",
                "](java",
                "[id]: vbscript:x",
                "<https://a.example/>",
                "{: onclick=x }",
                "{ .lead }",
                "<!-- c -->",
                '<figure markdown="span">\n![a](b.png)\n</figure>\n',
                "<b>",
                "<script>x</script>",
            ]
        ),
    ),
    max_size=12,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(_MARKDOWN)
def test_sanitize_markdown_shortcuts_change_nothing(markdown: str) -> None:
    assert sanitize.sanitize_markdown(markdown) == _sanitize_without_shortcuts(markdown)


def test_reused_nh3_cleaner_applies_the_same_policy() -> None:
    for fragment in (
        '<a href="javascript:x" onclick="y">a</a><img src="a.png" onerror="z">',
        '<figure markdown="span" class="x"><figcaption class="caption credit">c',
        '<td colspan="2x" rowspan="3">t</td><script>s</script><span class="credit">',
    ):
        assert sanitize._CLEAN(fragment) == nh3.clean(fragment, **sanitize._NH3_POLICY)


# Every character the front matter normalisation removes or folds, and its neighbours.
_EDGE_CHARS = "\t\n\r\x00\x08\x0b\x1f\x20\x7e\x7f\x84\x85\x86\x9f\xa0\u3000"
_EDGE_CHARS += "\u2028\u2029\ud800\udfff\ufeff\ufffd\ufffe\uffffe\u0301"


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_EDGE_CHARS) | st.characters(), max_size=12).map("".join))
def test_normalise_text_shortcut_changes_nothing(text: str) -> None:
    expected = unicodedata.normalize(
        "NFC", frontmatter._UNCARRIABLE.sub("", frontmatter._LINE_BREAKS.sub("\n", text))
    )
    assert frontmatter.normalise_text(text) == expected


# Markdown a body may hold, rich in what the text and article-check passes look for:
# block markers at line starts (ASCII and full-width digits), escapes, links, images,
# tags, attr_list lines, entities and every kind of whitespace.
_BODY = st.lists(
    st.one_of(
        st.text(alphabet="ab \t\n\u3000\xa0\u2028#>*+-_`|\\.1１{}[]()!<>&", max_size=10),
        st.sampled_from(
            [
                "\n# ",
                "\n> ",
                "\n- ",
                "\n12. ",
                "\n１. ",
                "**b**",
                "\\*",
                "\\\n",
                "[a](b)",
                "![i \\[x\\]](c.png)",
                "!![l](u)",
                "<b>",
                "</a>",
                "\n{ .lead }\n",
                "&lt;",
                "\n\n\n",
            ]
        ),
    ),
    max_size=20,
).map("".join)

_OLD_MARKS = re.compile(
    r"^[ \t]{0,3}(#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+|\d+\.[ \t]+)"
    r"|(?<!\\)(\*\*|\*|`+)"
    r"|</?[a-zA-Z][^>]*>",
    re.M,
)


def _text_without_shortcuts(markdown: str) -> str:
    """markdown_to_text with every pass run and the marks pattern without its lookahead."""
    text = pipeline._MD_IMAGE.sub("", markdown)
    text = pipeline._MD_LINK.sub(r"\1", text)
    text = _OLD_MARKS.sub("", text)
    text = pipeline._MD_ESCAPE.sub(r"\1", text)
    text = html.unescape(text)
    text = re.sub(r"^\{[^}]*\}[ \t]*$", "", text, flags=re.M)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip() + "\n" if text.strip() else ""


@settings(max_examples=500, deadline=None)
@given(_BODY)
def test_markdown_to_text_shortcuts_change_nothing(markdown: str) -> None:
    assert pipeline.markdown_to_text(markdown) == _text_without_shortcuts(markdown)


@settings(max_examples=500, deadline=None)
@given(_BODY)
def test_article_check_counts_match_the_regex_counts(markdown: str) -> None:
    without_urls = article_check._MD_URLS.sub("", markdown)
    visible = len(re.sub(r"\s+", "", re.sub(r"[#*_>`|\\-]", "", without_urls)))
    assert article_check._visible_chars(markdown) == visible
    links = re.findall(r"!?\[((?:\\.|[^\]\\])*)\]\([^)]*\)", markdown)
    assert article_check._MD_LINK.findall(markdown) == links
    assert [article_check._non_space_chars(t) for t in links] == [
        len(re.sub(r"\s+", "", t)) for t in links
    ]


def test_non_space_chars_splits_at_what_backslash_s_matches() -> None:
    for code in range(0x3100):  # every whitespace character is below U+3100
        char = chr(code)
        assert article_check._non_space_chars(f"a{char}b") == len(re.sub(r"\s+", "", f"a{char}b"))


# Front matter values: every type _node writes itself, and floats (PyYAML's own path).
_YAML_TEXT = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=20)
_YAML_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    _YAML_TEXT,
    st.sampled_from(["yes", "null", "~", "2025-04-11", "1e3", "- x", "a: b", " #", "\t", ""]),
)
_YAML_VALUES = st.recursive(
    _YAML_SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.tuples(inner, inner),
        st.dictionaries(_YAML_TEXT, inner, max_size=4),
    ),
    max_leaves=12,
)


@settings(max_examples=500, deadline=None)
@given(st.dictionaries(_YAML_TEXT, _YAML_VALUES, max_size=6))
def test_front_matter_nodes_match_pyyamls_representer(meta: dict[str, Any]) -> None:
    head = yaml.dump(
        frontmatter.normalise(meta),
        Dumper=frontmatter._Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=2**31 - 1,
        default_flow_style=False,
    )
    assert frontmatter.dumps(meta, "body") == f"---\n{head}---\n\nbody\n"


def test_front_matter_with_a_shared_list_has_no_alias() -> None:
    shared = ["a", {"b": None}]
    page = frontmatter.dumps({"x": shared, "y": shared, "z": (1, True)}, "")
    assert page == "---\nx:\n- a\n- b: null\ny:\n- a\n- b: null\nz:\n- 1\n- true\n---\n\n"
