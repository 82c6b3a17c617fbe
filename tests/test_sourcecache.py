"""The sources cache (converter/sourcecache.py): `digest build` remembers each source's
hash by its file stamp and each page's scan by its bytes, in build/cache/, and is never
wrong about a changed page; a cache hit scans nothing."""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path

import pytest
import yaml

import converter.profiles
from converter import sourcecache
from converter.batch import convert
from converter.cli import main
from converter.pages import group_sources
from converter.pagescan import scan_page
from converter.settings import Settings
from converter.site.buildcache import CACHE_DIR
from converter.sourcecache import CACHE_FILE, SourceCache
from converter.store import MANIFEST_NAME, sha256_bytes
from tests.conftest import PROJECT, copy_sample, copy_site_project
from tests.test_incremental import SOURCES, WAGES_TITLE

# The bundled three-page article (post-1234.php, _2, _3), one file per page.
FISH = tuple(f"newseye/london/2025-04-fish{n}.html" for n in ("", "_2", "_3"))
# A same-length edit of the wages article's title (UTF-8: three bytes for three bytes).
EDITED_TITLE = WAGES_TITLE.replace("春闘", "秋闘")


def _build(root: Path) -> None:
    code = main(
        ["build", "--sources", str(root / "sources"), "--config", str(root / "mkdocs.yml"),
         "-q", "-j", "1"]
    )  # fmt: skip
    assert code == 0


def _cache(root: Path) -> SourceCache:
    return SourceCache.load(root / CACHE_DIR)


def _articles(root: Path) -> dict[str, dict]:
    manifest = root / "docs" / "articles" / MANIFEST_NAME
    return json.loads(manifest.read_text(encoding="utf-8"))["articles"]


def _titles(root: Path) -> set[str]:
    titles = set()
    for page in (root / "docs" / "articles").glob("*.md"):
        front = page.read_text(encoding="utf-8").split("---\n")[1]
        titles.add(yaml.safe_load(front)["title"])
    return titles


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    """The economy column and pages 1 and 3 of the London article (page 2 comes later)."""
    copy_site_project(tmp_path)
    for rel in (*SOURCES, FISH[0], FISH[2]):
        copy_sample(rel, tmp_path / "sources")
    # The sample files were just copied: remember their stamps anyway (a real project's
    # files are older than RACY_NS; the edits below come seconds after each build).
    monkeypatch.setattr(sourcecache, "RACY_NS", 0)
    return tmp_path


def _edit_title(page: Path, atomic: bool) -> None:
    """Replace the title with one of the same length and put the mtime back: size and
    mtime are as before. In place, the inode stays too: only the ctime tells."""
    before = page.stat()
    data = page.read_bytes()
    old, new = WAGES_TITLE.encode(), EDITED_TITLE.encode()
    assert len(old) == len(new) and old in data
    if atomic:
        tmp = page.with_name(".saving.tmp")
        tmp.write_bytes(data.replace(old, new))
        os.replace(tmp, page)
    else:
        with page.open("r+b") as fh:  # the same file, overwritten
            fh.write(data.replace(old, new))
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = page.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    if not atomic:
        assert (after.st_dev, after.st_ino) == (before.st_dev, before.st_ino)


@pytest.mark.parametrize("atomic", [False, True], ids=["in-place", "atomic-save"])
def test_same_size_same_mtime_edit_is_converted(project: Path, atomic: bool) -> None:
    _build(project)
    page = project / "sources" / SOURCES[0]
    assert os.path.abspath(page) in _cache(project).shas  # its hash is remembered
    assert WAGES_TITLE in _titles(project)
    _edit_title(page, atomic)
    _build(project)
    assert EDITED_TITLE in _titles(project) and WAGES_TITLE not in _titles(project)
    (key,) = [k for k in _articles(project) if k.endswith(SOURCES[0])]
    assert _articles(project)[key]["pages"][key] == sha256_bytes(page.read_bytes())


def test_multi_page_article_grouped_from_the_cache_and_a_new_page_joins(
    project: Path, monkeypatch
) -> None:
    london = project / "sources" / "newseye" / "london"
    _build(project)
    (entry,) = [e for k, e in _articles(project).items() if "fish" in k]
    assert [Path(k).name for k in entry["pages"]] == ["2025-04-fish.html", "2025-04-fish_3.html"]
    # Page 2 saved later: the folder is grouped again, its other pages from the cache.
    scanned: list[str] = []

    def scan(path: Path, *args, **kwargs):
        scanned.append(path.name)
        return scan_page(path, *args, **kwargs)

    monkeypatch.setattr(sourcecache, "scan_page", scan)
    copy_sample(FISH[1], project / "sources")
    _build(project)
    assert scanned == ["2025-04-fish_2.html"]
    (entry,) = [e for k, e in _articles(project).items() if "fish" in k]
    assert [Path(k).name for k in entry["pages"]] == [Path(p).name for p in FISH]
    # A new stamp, the same bytes: hashed again, settled, nothing scanned.
    scanned.clear()
    before = _articles(project)
    (london / "2025-04-fish_2.html").touch()
    _build(project)
    assert scanned == [] and _articles(project) == before


def test_damaged_cache_file_is_ignored_and_replaced(project: Path) -> None:
    cache_file = project / CACHE_DIR / CACHE_FILE
    cache_file.parent.mkdir(parents=True)
    cache_file.write_text('{"key": 1, "shas": [')
    _build(project)
    assert len(_articles(project)) == 4
    assert _cache(project).shas  # written again, readable


def test_cache_file_drops_removed_sources(project: Path) -> None:
    _build(project)
    sources = project / "sources"
    gone = sources / SOURCES[1]
    cache = _cache(project)
    assert os.path.abspath(gone) in cache.shas and os.path.abspath(gone) in cache.scans
    gone.unlink()
    _build(project)
    cache = _cache(project)
    found = {os.path.abspath(p) for p in sources.rglob("*.html")}
    assert len(found) == 4 and set(cache.shas) == set(cache.scans) == found


# --- the cache itself -------------------------------------------------------------------


def _page(folder: Path, name: str, title: str = "A column", url: str | None = None) -> Path:
    head = f'<link rel="canonical" href="{url}">' if url else ""
    html = f"<html><head><title>{title}</title>{head}</head><body><p>Text.</p></body></html>"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(html, encoding="utf-8")
    return folder / name


def _no_scan(*args, **kwargs):
    raise AssertionError("scan_page called on a cache hit")


def test_a_cache_hit_does_not_scan(tmp_path: Path, monkeypatch) -> None:
    page = _page(tmp_path, "a.html", url="https://example.com/a")
    cache = SourceCache()
    shas = {page: cache.sha256(page)}
    first = cache.scanner(None, shas)(page)
    monkeypatch.setattr(sourcecache, "scan_page", _no_scan)
    assert cache.scanner(None, shas)(page) == first
    # Through the disk, too.
    cache.save(tmp_path / "cache")
    assert SourceCache.load(tmp_path / "cache").scanner(None, shas)(page) == first
    # Other bytes, or other profiles: scanned again.
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    (profiles / "example.org.txt").write_text("title: //h1\n", encoding="utf-8")
    for scanner in (
        cache.scanner(None, {page: sha256_bytes(b"other bytes")}),
        cache.scanner(profiles, shas),
    ):
        with pytest.raises(AssertionError, match="cache hit"):
            scanner(page)


def test_a_scan_is_found_whatever_the_spelling_of_its_path(tmp_path: Path, monkeypatch) -> None:
    """`digest build` gives sources/…, `digest serve` absolute paths: one file, one scan
    (missing it cost a serve edit at 10,000 articles the rescan of 1,000 pages)."""
    page = _page(tmp_path, "a.html", url="https://example.com/a")
    monkeypatch.chdir(tmp_path)
    relative = Path("a.html")
    cache = SourceCache()
    first = cache.scanner(None, {relative: cache.sha256(relative)})(relative)
    monkeypatch.setattr(sourcecache, "scan_page", _no_scan)
    again = cache.scanner(None, {page: cache.sha256(page)})(page)
    assert again.path == page and again.key == first.key and again.title == first.title


def test_an_edited_profile_scans_again_in_the_next_run(tmp_path: Path) -> None:
    """The profiles key is what this process read (it reads a folder once): an edit
    made while it runs changes neither its profiles nor its key; the next run's key
    differs."""
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    (profiles / "example.com.txt").write_text("title: //h1\n", encoding="utf-8")
    before = sourcecache.profiles_key(profiles)
    assert before != sourcecache.profiles_key(None)
    (profiles / "example.com.txt").write_text("title: //h2\n", encoding="utf-8")
    assert sourcecache.profiles_key(profiles) == before
    converter.profiles._folder_stamps.cache_clear()  # as in a new process
    assert sourcecache.profiles_key(profiles) != before


def test_a_page_without_its_own_url_is_keyed_by_its_place(tmp_path: Path) -> None:
    """Such a page's key is its file's URI: the same bytes reached through a link that
    now leads elsewhere are another page."""
    for folder in ("one", "two"):
        _page(tmp_path / folder, "a.html")
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "one", target_is_directory=True)
    cache = SourceCache()
    page = link / "a.html"
    shas = {page: cache.sha256(page)}
    assert cache.scanner(None, shas)(page).key.endswith("/one/a")
    link.unlink()
    link.symlink_to(tmp_path / "two", target_is_directory=True)
    assert cache.scanner(None, shas)(page).key.endswith("/two/a")


def test_a_file_just_changed_is_hashed_but_not_remembered(tmp_path: Path, monkeypatch) -> None:
    page = _page(tmp_path, "a.html")
    cache = SourceCache()
    assert cache.sha256(page) == sha256_bytes(page.read_bytes())
    assert not cache.shas  # changed less than RACY_NS ago: a second edit could keep its stamp
    monkeypatch.setattr(sourcecache, "RACY_NS", 0)
    assert cache.sha256(page) == sha256_bytes(page.read_bytes())
    assert list(cache.shas) == [os.path.abspath(page)]
    # A remembered stamp answers without reading the file.
    monkeypatch.setattr(sourcecache, "file_sha256", _no_scan)
    assert cache.sha256(page) == sha256_bytes(page.read_bytes())


def test_foreign_or_damaged_cache_files_are_ignored(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(sourcecache, "RACY_NS", 0)
    page = _page(tmp_path, "a.html", url="https://example.com/a")
    cache = SourceCache()
    shas = {page: cache.sha256(page)}
    cache.scanner(None, shas)(page)
    folder = tmp_path / "cache"
    cache.save(folder)
    good = json.loads((folder / CACHE_FILE).read_text(encoding="utf-8"))
    name = os.path.abspath(page)
    assert list(good["shas"]) == list(good["scans"]) == [name]

    def variant(change) -> bytes:
        data = json.loads(json.dumps(good))
        change(data)
        return json.dumps(data).encode()

    for payload in (
        b"",
        b'{"key": 1, "shas": [',
        pickle.dumps({"key": good["key"], "shas": {}, "scans": {}}),
        variant(lambda d: d.update(key="another version")),
        variant(lambda d: d["shas"][name].__setitem__(0, "os.system")),
        variant(lambda d: d["shas"][name][0].__setitem__(4, 1.5)),
        variant(lambda d: d["scans"][name].__setitem__(1, None)),
        variant(lambda d: d.pop("scans")),
    ):
        (folder / CACHE_FILE).write_bytes(payload)
        loaded = SourceCache.load(folder)
        assert not loaded.shas and not loaded.scans
    # A scan of the wrong shape is not used: the page is scanned again.
    (folder / CACHE_FILE).write_bytes(variant(lambda d: d["scans"][name][4].__setitem__(2, 7)))
    loaded = SourceCache.load(folder)
    assert list(loaded.scans) == [name]
    assert loaded.scanner(None, shas)(page) == scan_page(page)


def test_file_names_that_are_not_utf8_survive_the_file(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(sourcecache, "RACY_NS", 0)
    name = os.fsdecode(b"caf\xe9.html")  # Latin-1: not UTF-8
    page = _page(tmp_path, name, url="https://example.com/cafe")
    cache = SourceCache()
    shas = {page: cache.sha256(page)}
    cache.scanner(None, shas)(page)
    cache.save(tmp_path / "cache")
    loaded = SourceCache.load(tmp_path / "cache")
    assert list(loaded.shas) == list(loaded.scans) == [os.path.abspath(page)]
    monkeypatch.setattr(sourcecache, "scan_page", _no_scan)
    assert loaded.scanner(None, shas)(page) == cache.scanner(None, shas)(page)


def test_a_callers_cache_keeps_what_lies_outside_the_inputs(tmp_path: Path, monkeypatch) -> None:
    """`digest serve` converts only the changed pages' folders: the cache it keeps
    forgets only files gone from those folders."""
    monkeypatch.setattr(sourcecache, "RACY_NS", 0)
    src = tmp_path / "src"
    a = _page(src / "a", "1.html", url="https://example.com/a/1")
    b = _page(src / "b", "1.html", url="https://example.com/b/1")
    cache = SourceCache()
    settings = Settings(output_dir=tmp_path / "out", jobs=1, progress=False)
    convert([src], settings, sources=cache)
    both = {os.path.abspath(a), os.path.abspath(b)}
    assert set(cache.shas) == set(cache.scans) == both
    a.unlink()
    convert([src / "b"], settings, sources=cache)
    assert set(cache.shas) == set(cache.scans) == both  # a is outside this run's inputs
    convert([src / "a"], settings, sources=cache)
    assert set(cache.shas) == set(cache.scans) == {os.path.abspath(b)}


def test_grouping_through_the_cache_is_grouping_without_it(tmp_path: Path, monkeypatch) -> None:
    """The shortcut's own check: the bundled sources and the multi-page test cases give
    the same groups, scanned, then from a cache written to disk and read back."""
    pages = sorted(
        p
        for p in [
            *(PROJECT / "sources").rglob("*.htm*"),
            *(PROJECT / "tests/cases").rglob("*.htm*"),
        ]
        if "_files" not in p.as_posix()
    )
    plain = group_sources(pages)
    cache = SourceCache()
    shas = {p: cache.sha256(p) for p in pages}
    assert group_sources(pages, None, cache.scanner(None, shas)) == plain
    cache.save(tmp_path)
    monkeypatch.setattr(sourcecache, "scan_page", _no_scan)
    assert group_sources(pages, None, SourceCache.load(tmp_path).scanner(None, shas)) == plain
    assert any(len(g.paths) > 1 for g in plain)
