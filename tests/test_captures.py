"""Every way a page gets saved, through the CLI: "complete" folders, SingleFile, MHTML.

The captures are built here (tests/captures.py): made-up pages, pictures drawn with
Pillow. Each test converts a sources folder with ``digest convert`` and reads the pages
back with a YAML parser: the original URL and save time in the front matter, every
picture that came with the capture written once into ``images/`` and shown from there.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from tests.captures import article_html, complete_save, mhtml, picture, singlefile
from tests.test_cli import digest

URL = "https://news.example/columns/tea-and-trains"
IMAGE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)\)")


def convert(src: Path, out: Path, expect_ok: bool = True) -> str:
    result = digest("convert", str(src), "-o", str(out), "-j", "1")
    assert "Traceback" not in result.stderr
    if expect_ok:
        assert result.returncode == 0, result.stderr
    return result.stderr


def pages(out: Path) -> dict[str, tuple[dict, str]]:
    """Each page's front matter and body, by title."""
    found = {}
    for page in sorted(out.glob("*.md")):
        _, head, body = page.read_text(encoding="utf-8").split("---\n", 2)
        meta = yaml.safe_load(head)
        found[meta["title"]] = (meta, body)
    return found


def shown(out: Path, body: str) -> list[Path]:
    """The images a body shows, as files; each must exist inside the output folder."""
    files = [out / src for src in IMAGE.findall(body)]
    for f in files:
        assert f.is_file(), f
        assert f.resolve().is_relative_to(out.resolve())
    return files


# "Complete" saves --------------------------------------------------------------------


def test_complete_save_keeps_url_and_photo(tmp_path: Path) -> None:
    src, out = tmp_path / "sources", tmp_path / "out"
    complete_save(src, "Tea and trains (1)", url=URL)
    stderr = convert(src, out)
    assert "1 written" in stderr  # the frame in _files/ is not an article
    meta, body = pages(out)["Tea and trains"]
    assert meta["url"] == URL
    assert meta["capture"] == "complete"
    [photo] = shown(out, body)
    assert photo.read_bytes() == picture()
    assert meta["image"]["src"] == f"images/{photo.name}"
    assert (meta["image"]["width"], meta["image"]["height"]) == (320, 200)
    assert meta["image"]["credit"] == "Jo Bloggs"
    assert re.fullmatch(r"[0-9a-f]{20}\.jpg", photo.name)
    assert "news.example" not in body


def test_firefox_complete_save_with_a_japanese_name(tmp_path: Path) -> None:
    """Firefox writes no saved-from mark; the folder name is Japanese and the page
    refers to it percent-encoded; the page's canonical URL is its URL."""
    src, out = tmp_path / "sources", tmp_path / "out"
    name = "ロンドン通信 紅茶と鉄道"
    complete_save(src, name, url=None)
    page = src / f"{name}.html"
    page.write_text(
        page.read_text(encoding="utf-8").replace(
            "<title>", f'<link rel="canonical" href="{URL}"><title>'
        ),
        encoding="utf-8",
    )
    convert(src, out)
    meta, body = pages(out)["Tea and trains"]
    assert meta["url"] == URL
    assert "saved" not in meta  # a complete save records no time
    assert len(shown(out, body)) == 1


def test_complete_save_missing_file_is_dropped_with_its_caption_kept(tmp_path: Path) -> None:
    src, out = tmp_path / "sources", tmp_path / "out"
    complete_save(src, "Tea", url=URL)
    (src / "Tea_files" / "photo.jpg").unlink()
    (src / "Tea_files" / "other.png").write_bytes(picture(fmt="PNG"))  # keeps the folder
    stderr = convert(src, out)
    assert "image" in stderr and "dropped: its file is missing" in stderr
    meta, body = pages(out)["Tea and trains"]
    assert IMAGE.findall(body) == []
    assert "The 7:12 at the coast." in body  # the caption and credit stay
    assert "Jo Bloggs" in body
    assert meta["image"] is None


def test_complete_save_resource_link_leading_outside_is_not_read(tmp_path: Path) -> None:
    src, out = tmp_path / "sources", tmp_path / "out"
    complete_save(src, "Tea", url=URL)
    outside = tmp_path / "outside.jpg"
    outside.write_bytes(picture("black"))
    (src / "Tea_files" / "photo.jpg").unlink()
    (src / "Tea_files" / "photo.jpg").symlink_to(outside)
    convert(src, out)
    _, body = pages(out)["Tea and trains"]
    assert IMAGE.findall(body) == []
    assert not (out / "images").exists() or not any((out / "images").iterdir())


def test_resource_that_is_no_image_is_dropped(tmp_path: Path) -> None:
    src, out = tmp_path / "sources", tmp_path / "out"
    complete_save(src, "Tea", url=URL)
    (src / "Tea_files" / "photo.jpg").write_text("<script>alert(1)</script>")
    stderr = convert(src, out)
    assert "not an image" in stderr
    _, body = pages(out)["Tea and trains"]
    assert IMAGE.findall(body) == []


def test_decompression_bomb_is_refused(tmp_path: Path) -> None:
    from PIL import Image

    src, out = tmp_path / "sources", tmp_path / "out"
    complete_save(src, "Tea", url=URL)
    Image.new("1", (10_000, 9_500)).save(src / "Tea_files" / "photo.jpg", "PNG")
    stderr = convert(src, out)
    assert "not an image" in stderr
    assert not (out / "images").exists() or not any((out / "images").iterdir())


# SingleFile ---------------------------------------------------------------------------


def test_singlefile_keeps_data_images_and_css_variable_images(tmp_path: Path) -> None:
    src, out = tmp_path / "sources", tmp_path / "out"
    src.mkdir()
    (src / "Tea and trains.html").write_text(singlefile(URL), encoding="utf-8")
    convert(src, out)
    meta, body = pages(out)["Tea and trains"]
    assert meta["capture"] == "singlefile"
    assert meta["url"] == URL
    assert meta["saved"] == "2026-12-05T09:30:00+09:00"
    photo, repeated = shown(out, body)
    assert photo.read_bytes() == picture() and photo.suffix == ".jpg"
    assert repeated.read_bytes() == picture("tomato", fmt="PNG") and repeated.suffix == ".png"
    assert "Dusk over the line." in body
    assert "data:" not in body


# MHTML --------------------------------------------------------------------------------


def test_mhtml_parts_by_content_location_and_cid(tmp_path: Path) -> None:
    src, out = tmp_path / "sources", tmp_path / "out"
    src.mkdir()
    cid_figure = (
        '<figure><img src="cid:img-2@mhtml.blink" alt="Second">'
        "<figcaption>The platform at noon.</figcaption></figure>"
    )
    html = article_html("https://img.news.example/p/7.jpg", extra_figures=cid_figure)
    data = mhtml(
        html.encode(),
        parts={"https://img.news.example/p/7.jpg": picture("navy")},
        cids={"img-2@mhtml.blink": picture("orange")},
    )
    (src / "saved.mhtml").write_bytes(data)
    convert(src, out)
    meta, body = pages(out)["Tea and trains"]
    assert meta["capture"] == "mhtml"
    assert meta["url"] == URL
    assert meta["saved"] == "2026-12-05T09:30:00+09:00"
    first, second = shown(out, body)
    assert first.read_bytes() == picture("navy")
    assert second.read_bytes() == picture("orange")
    assert "img.news.example" not in body


def test_mhtml_shift_jis_page_keeps_its_charset(tmp_path: Path) -> None:
    """The HTML part's bytes are decoded as a page is: Shift_JIS, named only by the MIME
    part's charset, not mangled by the email package's text decoding."""
    src, out = tmp_path / "sources", tmp_path / "out"
    src.mkdir()
    title = "紅茶と鉄道の朝"
    html = article_html("https://img.news.example/p/7.jpg", title=title)
    html = html.replace('<meta charset="utf-8">', "").replace("©", "(c)")
    html = html.replace(
        "The morning train", "海辺へ向かう朝の列車は今日も遅れた。The morning train"
    )
    data = mhtml(html.encode("cp932"), charset="Shift_JIS")
    (src / "saved.mht").write_bytes(data)
    convert(src, out)
    _, body = pages(out)[title]
    assert "海辺へ向かう朝の列車は今日も遅れた。" in body
    # No bytes for the photo: it stays a link to its host.
    assert "https://img.news.example/p/7.jpg" in body


# Images across articles, and the manifest ---------------------------------------------


def test_one_picture_in_two_articles_is_written_once_and_kept_on_rerun(tmp_path: Path) -> None:
    src, out = tmp_path / "sources", tmp_path / "out"
    complete_save(src / "a", "Tea", url=URL)
    (src / "b").mkdir()
    other = singlefile(URL + "-2").replace("Tea and trains", "Trains and tea")
    (src / "b" / "sf.html").write_text(other, encoding="utf-8")
    convert(src, out)
    found = pages(out)
    a = shown(out, found["Tea and trains"][1])
    b = shown(out, found["Trains and tea"][1])
    assert a[0] == b[0]  # the same bytes: one file
    assert len(list((out / "images").iterdir())) == 2
    assert "0 written, 2 unchanged" in convert(src, out)
    a[0].unlink()  # an image deleted by hand: its articles are converted again
    convert(src, out)  # (their pages come out the same: "unchanged")
    assert a[0].read_bytes() == picture()
    assert not list((out / "images").glob(".digest-tmp-*"))


def test_extract_prints_the_kept_names(tmp_path: Path) -> None:
    src = tmp_path / "sources"
    complete_save(src, "Tea", url=URL)
    result = digest("extract", str(src / "Tea.html"))
    assert result.returncode == 0, result.stderr
    assert re.search(r"\]\(images/[0-9a-f]{20}\.jpg\)", result.stdout)


# Hostile and unresolved image URLs ----------------------------------------------------


def test_host_named_only_by_base_href_is_not_loaded(tmp_path: Path) -> None:
    src, out = tmp_path / "sources", tmp_path / "out"
    src.mkdir()
    html = article_html("photo.jpg", head='<base href="https://tracker.evil.example/x/">')
    (src / "page.html").write_text(html, encoding="utf-8")
    stderr = convert(src, out)
    assert "named only by <base href>" in stderr
    _, body = pages(out)["Tea and trains"]
    assert "evil.example" not in body
    assert "The 7:12 at the coast." in body


def test_relative_image_without_page_url_is_dropped_with_a_warning(tmp_path: Path) -> None:
    src, out = tmp_path / "sources", tmp_path / "out"
    src.mkdir()
    (src / "page.html").write_text(article_html("img/photo.jpg", url=None), encoding="utf-8")
    stderr = convert(src, out)
    assert "warning:" in stderr and "img/photo.jpg dropped" in stderr
    meta, body = pages(out)["Tea and trains"]
    assert meta["image"] is None
    assert IMAGE.findall(body) == []
    assert "Jo Bloggs" in body


# The built site --------------------------------------------------------------------


def test_built_site_serves_the_kept_images_itself(tmp_path: Path) -> None:
    """``digest build`` over captures: the article page and the home page card show the
    photos from the site's own files, and no page names the publisher's image host."""
    from tests.conftest import copy_site_project

    config = copy_site_project(tmp_path / "project")
    src = tmp_path / "project" / "sources"
    complete_save(src, "Tea", url=URL)
    mail = article_html("https://img.news.example/p/7.jpg", title="Rain on the platform")
    parts = {"https://img.news.example/p/7.jpg": picture("navy")}
    (src / "rain.mhtml").write_bytes(mhtml(mail.encode(), url=URL + "-rain", parts=parts))
    result = digest("build", "--sources", str(src), "--config", str(config), "-q")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "project" / "site"
    images = sorted(p.name for p in (site / "articles" / "images").iterdir())
    assert len(images) == 2
    html_pages = [p for p in site.rglob("*.html") if "articles" in p.parts]
    assert html_pages
    shown_names = set()
    for page in html_pages:
        text = page.read_text(encoding="utf-8")
        assert "img.news.example" not in text
        for src_attr in re.findall(r'<img[^>]*\ssrc="([^"]+)"', text):
            assert "://" not in src_attr, (page, src_attr)
            target = (page.parent / src_attr).resolve()
            assert target.is_file(), (page, src_attr)
            shown_names.add(target.name)
    assert shown_names == set(images)
    home = (site / "index.html").read_text(encoding="utf-8")
    cards = re.findall(r'<img[^>]*\ssrc="([^"]+)"', home)
    assert sorted(Path(c).name for c in cards) == images
    assert all((site / c).is_file() for c in cards)


# Web archives (WARC, WACZ) --------------------------------------------------------------


def _archive_records() -> tuple[list[tuple[str, str, bytes]], dict[str, str]]:
    """Two articles and a two-page article with their photos; one photo is a revisit."""
    base = "https://news.example/columns/"
    pager = '<p><a rel="next" href="{0}">次のページ</a></p>'
    long = article_html(
        f"{base}img/long-1.jpg",
        title="The long line",
        url=base + "long",
        extra_figures=pager.format(base + "long?page=2"),
    )
    second = article_html(
        f"{base}img/long-2.jpg", title="The long line", url=base + "long?page=2"
    ).replace("The morning train", "Page two begins here. The morning train")
    records = [
        (base + "tea", "text/html; charset=utf-8", article_html(f"{base}img/tea.jpg").encode()),
        (base + "img/tea.jpg", "image/jpeg", picture("steelblue")),
        (
            base + "rain",
            "text/html",
            article_html(f"{base}img/rain.jpg", title="Rain", url=base + "rain").encode(),
        ),
        (base + "long", "text/html", long.encode()),
        (base + "long?page=2", "text/html", second.encode()),
        (base + "img/long-1.jpg", "image/jpeg", picture("orange")),
        (base + "img/long-2.jpg", "image/jpeg", picture("purple")),
        (base + "style.css", "text/css", b"body{}"),
    ]
    return records, {base + "img/rain.jpg": base + "img/tea.jpg"}


def test_warc_holds_several_articles_and_a_multipage_one(tmp_path: Path) -> None:
    from tests.captures import warc

    src, out = tmp_path / "sources", tmp_path / "out"
    src.mkdir()
    records, revisits = _archive_records()
    (src / "crawl.warc.gz").write_bytes(warc(records, revisits))
    stderr = convert(src, out)
    assert "3 written" in stderr
    found = pages(out)
    assert set(found) == {"Tea and trains", "Rain", "The long line"}
    for meta, _ in found.values():
        assert meta["capture"] == "warc"
        assert meta["saved"] == "2026-12-05T00:30:00+00:00"
    tea, rain, long = (found[t][1] for t in ("Tea and trains", "Rain", "The long line"))
    assert shown(out, tea) == shown(out, rain)  # the revisit: the same bytes, one file
    assert [p.read_bytes() for p in shown(out, long)] == [picture("orange"), picture("purple")]
    assert "Page two begins here." in long
    assert found["The long line"][0]["source_pages"][1].endswith("crawl.warc.gz::4")
    assert "0 written, 3 unchanged" in convert(src, out)


def test_wacz(tmp_path: Path) -> None:
    from tests.captures import wacz, warc

    src, out = tmp_path / "sources", tmp_path / "out"
    src.mkdir()
    records, revisits = _archive_records()
    (src / "crawl.wacz").write_bytes(wacz(warc(records, revisits)))
    assert "3 written" in convert(src, out)
    assert len(list((out / "images").iterdir())) == 3


def test_complete_save_keeps_the_photo_a_lazy_attribute_still_names(tmp_path: Path) -> None:
    """Chrome points ``src`` at NAME_files/ but leaves ``data-src`` (which the body stage
    prefers) on the publisher's host: the saved file of that name is the photo."""
    src, out = tmp_path / "sources", tmp_path / "out"
    page = complete_save(src, "Tea", url=URL)
    html = page.read_text(encoding="utf-8").replace(
        'src="./Tea_files/photo.jpg"',
        'src="./Tea_files/photo.jpg" data-src="https://img.news.example/2026/photo.jpg"',
    )
    page.write_text(html, encoding="utf-8")
    convert(src, out)
    meta, body = pages(out)["Tea and trains"]
    [photo] = shown(out, body)
    assert photo.read_bytes() == picture()
    assert meta["image"]["src"] == f"images/{photo.name}"
    assert meta["image"]["caption"] == "The 7:12 at the coast."


def test_declared_image_is_known_as_the_saved_file(tmp_path: Path) -> None:
    """og:image keeps the publisher's URL while a complete save's <img> points into
    NAME_files/: the declared image becomes the URL the page shows it under, so the body
    stage knows the two for one photo (its caption, a lead photo outside the body)."""
    from converter.images import declared_image_as_saved
    from converter.metadata import extract_metadata
    from converter.pipeline import load_page, read_source
    from converter.settings import Settings

    src = tmp_path / "sources"
    page = complete_save(src, "Tea", url=URL)
    og = '<meta property="og:image" content="https://img.news.example/2026/photo.jpg">'
    page.write_text(page.read_text("utf-8").replace("<title>", og + "<title>"), "utf-8")
    loaded = load_page(read_source(page, Settings()))
    meta = extract_metadata(loaded, None)
    assert meta.image is not None and meta.image.src.startswith("https://img.news.example/")
    saved = declared_image_as_saved(meta, loaded)
    assert saved.image is not None
    assert saved.image.src == "https://news.example/columns/Tea_files/photo.jpg"
