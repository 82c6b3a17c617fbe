"""Five Filters site configs (``<host>.txt``) as site profiles: the reader, the lookup,
and what each directive does to a page. The configs here are written for these tests;
tests/cases/siteconfig-xpath-rules/ is the golden case for a whole article."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from converter import profiles
from converter.model import Source
from converter.pages import group_sources
from converter.parse import parse
from converter.pipeline import extract_article
from converter.profiles import find_profile
from converter.profiles.select import body_node, select
from converter.profiles.siteconfig import (
    config_names,
    merge_global,
    parse_config,
    read_config,
    to_profile,
    xpath_problem,
)
from converter.settings import Settings

CASES = Path(__file__).parent / "cases"
GOLDEN = CASES / "siteconfig-xpath-rules"
# A local clone of fivefilters/ftr-site-config (or any folder of configs) to check too.
COLLECTION = os.environ.get("DIGEST_SITE_CONFIGS")


def _all_configs() -> list[Path]:
    found = sorted(profiles.SHIPPED_DIR.glob("*.txt")) + sorted(CASES.glob("*/profiles/*.txt"))
    if COLLECTION:
        found += sorted(Path(COLLECTION).glob("*.txt"))
    return found


def test_configs_are_found_to_check():
    assert GOLDEN / "profiles" / "siteconfig.example.txt" in _all_configs()


@pytest.mark.parametrize("path", _all_configs(), ids=lambda p: p.name)
def test_every_config_parses_and_every_xpath_compiles(path: Path):
    config = parse_config(path.read_text(encoding="utf-8-sig"), str(path))
    assert config.problems == ()
    profile = to_profile(config, path.stem.lstrip("."))
    for expression in profile.title + profile.author + profile.date + profile.body:
        assert xpath_problem(expression) is None
    for expression in profile.remove + profile.next_page:
        assert xpath_problem(expression) is None


# The reader -----------------------------------------------------------------------------

FULL = """\
# comment
title: substring-after(//title, '| ')
title: //h1
body: //div[@id='a'] | //div[@id='b']
author: //meta[@name='author']/@content
date: //time/@datetime
strip: //aside
strip_id_or_class: ad
strip_image_src: pixel.gif
next_page_link: //a[@rel='next']
single_page_link: //a[@class='all']/@href
native_ad_clue: //meta[@name='sponsored']
find_string: <amp-img
replace_string: <img
replace_string(<a href="http://x">): <a>
prune: no
tidy: no
autodetect_on_failure: yes
skip_json_ld: yes
src_lazy_load_attr: data-lazy
login_uri: https://example.com/login
http_header(user-agent): Mozilla
test_url: https://example.com/a
test_contains: words
test_url: https://example.com/b
"""


def test_every_directive_is_read():
    config = parse_config(FULL, "x.txt")
    assert config.problems == ()
    assert config.title == ("substring-after(//title, '| ')", "//h1")
    assert config.body == ("//div[@id='a'] | //div[@id='b']",)
    assert config.strip_id_or_class == ("ad",) and config.strip_image_src == ("pixel.gif",)
    assert config.single_page_link and config.native_ad_clue and config.next_page_link
    # replace_string(x) splits after its argument, even when x holds colons
    assert config.replace == (("<amp-img", "<img"), ('<a href="http://x">', "<a>"))
    assert (config.prune, config.tidy, config.autodetect_on_failure) == (False, False, True)
    assert config.skip_json_ld is True and config.src_lazy_load_attr == "data-lazy"
    assert config.tests == (("https://example.com/a", ("words",)), ("https://example.com/b", ()))


def test_profile_from_config_turns_class_and_image_rules_into_removals():
    profile = to_profile(parse_config(FULL, "x.txt"), "example.com")
    assert profile.xpath and profile.skip_json_ld and profile.lazy_src == "data-lazy"
    tree = parse(
        '<div><p class="ad">x</p><p class="ad-free">y</p><p id="ad">z</p>'
        '<p class="lead ad">w</p><img src="/t/pixel.gif"><img src="/p.jpg"></div>'
    )
    removed = [el for r in profile.remove for el in select(tree, r, True)]
    kept = [el for el in tree.iter() if el not in removed]
    assert {el.text for el in removed if el.tag == "p"} == {"x", "z", "w"}
    assert [el.get("src") for el in kept if el.tag == "img"] == ["/p.jpg"]


BROKEN = """\
title: //h1[
this line has no colon
body: //article
date: substring-after(//p, 'x'
strip: //a[contain(@class, 'x')]
strip_id_or_class: two words
replace_string: <b>
prune: maybe
author:
titel: //h2
find_string: <i>
next_page_link: //a[@rel='next']
"""


def test_bad_lines_are_one_line_problems_naming_file_and_line_and_the_rest_loads():
    config = parse_config(BROKEN, "bad.jp.txt")
    lines = [p.split(":")[1] for p in config.problems]
    assert lines == ["1", "2", "4", "5", "6", "7", "8", "9", "10", "11"]
    assert all(p.startswith("bad.jp.txt:") and "\n" not in p for p in config.problems)
    assert "contain()" in config.problems[3]  # compiles in libxml2, fails on every page
    assert config.body == ("//article",) and config.next_page_link == ("//a[@rel='next']",)
    assert config.title == () and config.strip == () and config.prune is None


def test_read_config_logs_each_problem_and_survives_bad_encoding(tmp_path: Path, caplog):
    good = tmp_path / "a.example.txt"
    good.write_text("body: //main\ntitle: //h1[\n", encoding="utf-8")
    bad = tmp_path / "b.example.txt"
    bad.write_bytes(b"body: //main\n\xff\xfe\x00")
    with caplog.at_level(logging.ERROR, logger="converter.profiles.siteconfig"):
        assert read_config(good).body == ("//main",)
        assert read_config(bad).body == ()
    messages = [r.getMessage() for r in caplog.records]
    assert messages[0].startswith(f"{good}:2: title: XPath does not compile")
    assert messages[1].startswith(f"{bad}: cannot read site config")
    assert not any(r.exc_info for r in caplog.records)


def test_global_config_is_merged_after_the_site_rules():
    site = parse_config("title: //h1\nbody: //main\nprune: no\n", "site.txt")
    shared = parse_config("title: //title\nstrip_image_src: ads.\nprune: yes\n", "global.txt")
    merged = merge_global(site, shared)
    assert merged.title == ("//h1", "//title") and merged.body == ("//main",)
    assert merged.strip_image_src == ("ads.",) and merged.prune is False


# The lookup -----------------------------------------------------------------------------


def test_config_names_follow_the_format():
    assert config_names("WWW.Example.COM") == ["example.com.txt"]
    assert config_names("news.sport.example.com") == [
        "news.sport.example.com.txt",
        ".sport.example.com.txt",
        ".example.com.txt",
    ]


def _folder(root: Path, name: str, files: dict[str, str]) -> Path:
    folder = root / name
    folder.mkdir()
    for file, text in files.items():
        (folder / file).write_text(text, encoding="utf-8")
    return folder


def _page(url: str) -> str:
    return f'<html><head><link rel="canonical" href="{url}"></head><body></body></html>'


def test_lookup_by_host_user_over_shipped_yaml_over_both(tmp_path: Path, monkeypatch):
    shipped = _folder(
        tmp_path,
        "shipped",
        {
            "site.example.txt": "title: //h1\n",
            ".site.example.txt": "title: //h2\n",
            "other.example.txt": "title: //h3\n",
            "global.txt": "strip: //aside\n",
        },
    )
    user = _folder(
        tmp_path,
        "user",
        {"site.example.txt": "title: //h4\n", "yaml.example.txt": "title: //h5\n"},
    )
    (user / "yaml.yaml").write_text("name: Y\ndomains: [yaml.example]\ntitle: h6\n")
    monkeypatch.setattr(profiles, "SHIPPED_DIR", shipped)

    def found(url: str, folder: Path | None = user):
        profile = find_profile(url, "", folder)
        return (profile.title, profile.remove) if profile else None

    assert found("https://www.site.example/a") == (("//h4",), ("//aside",))
    assert found("https://site.example/a", None) == (("//h1",), ("//aside",))
    assert found("https://news.site.example/a") == (("//h2",), ("//aside",))
    assert found("https://other.example/a") == (("//h3",), ("//aside",))
    assert found("https://yaml.example/a") == (("h6",), ())
    assert found("https://nothing.example/a") is None
    # the URL may come from the page itself
    assert find_profile(None, _page("https://other.example/x"), user).title == ("//h3",)


# Selection ------------------------------------------------------------------------------


def test_select_gives_strings_and_elements_and_nothing_on_errors():
    tree = parse(
        "<html><head><title>Site | Headline</title></head>"
        "<body><p>a</p><a href='x'>b</a></body></html>"
    )
    assert select(tree, "substring-after(//title, '| ')", True) == ["Headline"]
    assert select(tree, "substring-after(//title, 'nothing')", True) == []
    assert select(tree, "count(//p)", True) == []
    assert select(tree, "//a[contain(@href, 'x')] | //p", True) == []  # fails on this page
    assert [el.tag for el in select(tree, "//p", True)] == ["p"]


def test_multi_node_body_is_joined_in_page_order_without_nesting_twice():
    tree = parse(
        "<body><div id=a><p>one</p><div id=inner><p>two</p></div></div>"
        "<div id=x><p>not this</p></div><div id=b><p>three</p></div></body>"
    )
    profile = to_profile(
        parse_config("body: //div[@id='b'] | //div[@id='a'] | //div[@id='inner']\n"), "e.example"
    )
    node = body_node(tree, profile)
    assert node is not None
    assert [p.text for p in node.iter("p")] == ["one", "two", "three"]
    assert node.getroottree().getroot() is node  # a document of its own
    assert len(tree.xpath("//p")) == 4  # the page is untouched


# Whole pages ----------------------------------------------------------------------------


def _convert(tmp_path: Path, config: str, html: str, host: str = "cfg.example") -> tuple:
    folder = tmp_path / "profiles"
    folder.mkdir(exist_ok=True)
    (folder / f"{host}.txt").write_text(config, encoding="utf-8")
    source = Source(path="page.html", data=html.encode())
    return (
        extract_article([source], Settings(profiles_dir=folder)),
        extract_article([source], Settings()),
    )


ARTICLE = """<html lang="en"><head><link rel="canonical" href="https://cfg.example/a">
<title>Plain title</title>
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Plain title",
 "datePublished": "2021-03-04T05:06:07Z"}</script></head>
<body><h1>Plain title</h1><article>
<p>The council met on Monday to discuss the harbour plan and the new housing around it.</p>
<p>Residents spoke for two hours about parks, traffic and the old warehouses by the water.</p>
<amp-img src="/p.jpg" data-full="/big.jpg" alt="The harbour"></amp-img>
<p>A final vote is expected in the autumn, after a second round of public meetings.</p>
</article><p class="stamp">Posted 1 May 2024</p></body></html>"""


def test_find_and_replace_run_on_the_raw_html_and_lazy_src_is_read(tmp_path: Path):
    config = (
        "body: //article\nfind_string: <amp-img\nreplace_string: <img\n"
        "find_string: </amp-img>\nreplace_string: \nsrc_lazy_load_attr: data-full\n"
    )
    article, plain = _convert(tmp_path, config, ARTICLE)
    assert "https://cfg.example/big.jpg" in article.markdown
    assert "big.jpg" not in plain.markdown


def test_date_from_a_string_expression_goes_through_the_date_rules(tmp_path: Path):
    config = "date: substring-after(//p[@class='stamp'], 'Posted ')\nskip_json_ld: yes\n"
    article, plain = _convert(tmp_path, config, ARTICLE)
    assert article.published and article.published.isoformat() == "2024-05-01T00:00:00+00:00"
    assert plain.published and plain.published.isoformat() == "2021-03-04T05:06:07+00:00"


def test_golden_case_differs_without_its_config():
    pages = [GOLDEN / "page1.html", GOLDEN / "page2.html"]
    assert len(group_sources(pages)) == 2  # only the config's next_page_link joins them
    plain = extract_article([Source(path=p.name, data=p.read_bytes()) for p in pages])
    assert plain.title != "港の再開発、住民説明会で賛否"
    assert [a.name for a in plain.authors] != ["山田 花子", "佐藤 一郎"]
    assert plain.published and plain.published.isoformat() != "2025-04-11T17:33:00+09:00"
    assert "社内メモ" in plain.markdown and "※写真" in plain.markdown


def test_next_page_link_giving_an_href_string(tmp_path: Path):
    folder = _folder(tmp_path, "profiles", {"cfg.example.txt": "next_page_link: //a[img]/@href\n"})
    first = tmp_path / "one.html"
    first.write_text(
        '<html><head><link rel="canonical" href="https://cfg.example/story">'
        "<title>Story</title></head><body><p>Part one.</p>"
        '<a href="/continued-elsewhere"><img src="/arrow.png" alt=""></a></body></html>'
    )
    second = tmp_path / "two.html"
    second.write_text(
        '<html><head><link rel="canonical" href="https://cfg.example/continued-elsewhere">'
        "<title>Other</title></head><body><p>Part two.</p></body></html>"
    )
    assert [g.paths for g in group_sources([second, first], folder)] == [(first, second)]
    assert len(group_sources([second, first])) == 2
