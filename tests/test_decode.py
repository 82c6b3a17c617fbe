"""Decoding: BOMs, declarations (right, wrong, absent), Japanese encodings, bad bytes,
refusals. Pages are transcoded from one UTF-8 Japanese page built here."""

from __future__ import annotations

import codecs
import gzip
import json

import pytest

from converter.decode import decode
from converter.errors import InputError

BODY = (
    "<h1>湖畔の町が試した「週4日」の一年</h1>\n"
    "<p>＜町役場の職員が週4日だけ働いた一年で、住民サービスは落ちたのか＞</p>\n"
    "<p>人口8000人ほどの町が、昨年1月から週4日勤務を試した。給与は据え置きだった。</p>\n"
    "<p>ｶﾀｶﾅ（半角）も、全角の「カタカナ」も、記号の※や〒も読めること。</p>\n"
)
DECLARATIONS = {
    "meta": '<meta charset="{label}">',
    "http-equiv": '<meta http-equiv="Content-Type" content="text/html; charset={label}">',
    "xml": None,  # an XML declaration before <html>
    "wrong": '<meta charset="windows-1252">',
    "absent": "",
}
ENCODINGS = {"cp932": "Shift_JIS", "euc_jp": "EUC-JP", "iso2022_jp_ext": "ISO-2022-JP"}


def page(declaration: str = "", prolog: str = "") -> str:
    return (
        f'{prolog}<!DOCTYPE html>\n<html lang="ja"><head>{declaration}'
        f"<title>週4日の一年</title></head>\n<body>\n{BODY * 3}</body></html>\n"
    )


@pytest.mark.parametrize("how", list(DECLARATIONS))
@pytest.mark.parametrize("encoding", list(ENCODINGS))
def test_japanese_encodings_with_right_wrong_or_absent_declaration(encoding: str, how: str):
    label = ENCODINGS[encoding]
    if how == "xml":
        text = page(prolog=f'<?xml version="1.0" encoding="{label}"?>\n')
    else:
        text = page(DECLARATIONS[how].format(label=label))
    decoded, used = decode(text.encode(encoding))
    assert decoded == text
    assert "\ufffd" not in decoded
    assert codecs.lookup(used).name != "utf-8"


def test_declared_shift_jis_but_bytes_are_utf8_trusts_the_bytes():
    text = page('<meta charset="Shift_JIS">')
    assert decode(text.encode("utf-8")) == (text, "utf-8")


def test_declared_utf8_but_bytes_are_shift_jis():
    text = page('<meta charset="utf-8">')
    decoded, used = decode(text.encode("cp932"))
    assert decoded == text and used == "cp932"


def test_declared_euc_jp_but_bytes_are_shift_jis():
    text = page('<meta charset="EUC-JP">')
    decoded, used = decode(text.encode("cp932"))
    assert decoded == text and used == "cp932"


def test_cp932_only_characters_under_a_shift_jis_label():
    # NEC/IBM extensions: circled digits, ㈱, 髙 (not in plain Shift_JIS).
    text = page('<meta charset="Shift_JIS">').replace("※", "①㈱髙")
    assert decode(text.encode("cp932"))[0] == text


def test_euc_jp_with_nec_row_13_characters():
    # ①㈱ in EUC-JP bytes (cp51932 / JIS X 0213): plain euc_jp cannot decode them.
    text = page('<meta charset="EUC-JP">').replace("※", "①㈱")
    decoded, used = decode(text.encode("euc_jis_2004"))
    assert decoded == text and used in {"euc_jis_2004", "cp51932"}


def test_iso2022_jp_with_microsoft_extensions():
    # cp50220 (Windows mail software) puts NEC row 13 inside ESC $ B.
    data = page().encode("iso2022_jp_ext").replace(b"</body>", b"\x1b$B-!-j\x1b(B</body>")
    decoded, _ = decode(data)
    assert decoded == page().replace("</body>", "①㈱</body>")


def test_iso2022_jp_half_width_katakana():
    text = page('<meta charset="ISO-2022-JP">')
    assert decode(text.encode("iso2022_jp_ext"))[0] == text


@pytest.mark.parametrize(
    "encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-be"]
)
def test_unicode_with_or_without_bom(encoding: str):
    text = page('<meta charset="Shift_JIS">')  # a BOM beats the declaration
    data = text.encode(encoding)
    if encoding in {"utf-16-le", "utf-16-be", "utf-32-be"}:
        data = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}.get(
            encoding, b""
        ) + data
    assert decode(data)[0] == text


def test_utf16_without_bom_is_recognised():
    text = page()
    assert decode(text.encode("utf-16-le"))[0] == text
    assert decode(text.encode("utf-16-be"))[0] == text


@pytest.mark.parametrize("encoding", ["utf-8", "cp932", "euc_jp"])
@pytest.mark.parametrize("declared", [True, False])
def test_invalid_byte_becomes_one_replacement_character(encoding: str, declared: bool):
    label = {"utf-8": "utf-8", "cp932": "Shift_JIS", "euc_jp": "EUC-JP"}[encoding]
    text = page(f'<meta charset="{label}">' if declared else "")
    head, tail = text.split("給与", 1)  # a character boundary
    bad = {"cp932": b"\x81\x7f"}.get(encoding, b"\xff")  # cp932 reads 0xFF (as U+F8F3)
    data = head.encode(encoding) + bad + ("給与" + tail).encode(encoding)
    decoded, _ = decode(data)
    assert decoded.count("\ufffd") == 1
    assert decoded.replace("\ufffd", "").replace("\x7f", "") == text


def test_latin1_page_declared_as_such():
    text = "<html><head><meta charset=iso-8859-1></head><body><p>Café crème — déjà vu</p>"
    assert decode(text.encode("cp1252"))[0] == text


def test_undeclared_latin_page_is_not_read_as_japanese():
    text = "<html><body><p>" + "Ça coûte très cher à Montréal, déjà. " * 20 + "</p>"
    decoded, _ = decode(text.encode("cp1252"))
    assert decoded == text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b" \n\t\r\n", "empty"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "PNG"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        (b"GIF89a\x01\x00", "GIF"),
        (b"%PDF-1.7\n%\xe2\xe3", "PDF"),
        (b"PK\x03\x04\x14\x00", "ZIP"),
        (gzip.compress(b"<html></html>", mtime=0), "gzip"),  # no timestamp: same test ids
        (b"<html>" + bytes(range(256)) * 8, "binary"),
    ],
)
def test_refuses_what_is_not_a_page(data: bytes, reason: str):
    with pytest.raises(InputError) as info:
        decode(data, "x.html")
    assert reason in str(info.value)
    assert info.value.path == "x.html"


def test_a_few_stray_nul_bytes_are_tolerated():
    text = page()
    decoded, _ = decode(text.encode("utf-8").replace(b"</title>", b"\x00</title>"))
    assert "湖畔の町" in decoded


# -- the shared corpus (skipped when ../shared/corpus is absent) -----------------------


def _corpus_pages(corpus_dir):
    folder = corpus_dir / "fundus-jp"
    pages = sorted(folder.glob("*.html.gz"))
    if not pages:
        pytest.skip("fundus-jp pages not found")
    return [(p, json.loads((folder / (p.name.split("_")[0] + ".json")).read_text())) for p in pages]


def test_corpus_pages_decode_without_replacement(corpus_dir):
    for path, truth in _corpus_pages(corpus_dir):
        text, encoding = decode(gzip.decompress(path.read_bytes()), str(path))
        assert "\ufffd" not in text, path.name
        title = truth["V1"]["title"]
        assert title.split()[0][:8] in text.replace("&amp;", "&"), path.name
        assert encoding == "utf-8"


@pytest.mark.parametrize("encoding", ["cp932", "euc_jp", "iso2022_jp"])
def test_corpus_pages_transcoded_without_declaration(corpus_dir, encoding: str):
    for path, truth in _corpus_pages(corpus_dir):
        raw = gzip.decompress(path.read_bytes())
        # Drop the declaration: detection alone must find the encoding.
        text = raw.decode("utf-8").replace('charset="UTF-8"', "").replace("charset=UTF-8", "")
        text = text.replace('charSet="utf-8"', "").replace('charset="utf-8"', "")
        data = text.encode(encoding, errors="xmlcharrefreplace")
        decoded, _ = decode(data, str(path))
        assert decoded == data.decode(encoding), (path.name, encoding)
        paragraphs = [p for s in truth["V1"]["body"]["sections"] for p in s["paragraphs"]]
        for paragraph in paragraphs[:3]:
            assert "\ufffd" not in paragraph
        assert "\ufffd" not in decoded


@pytest.mark.parametrize("encoding", ["utf-8", "cp932"])
def test_corpus_articles_have_no_replacement_characters(corpus_dir, encoding: str):
    from converter.model import Source
    from converter.pipeline import extract_article

    for path, _truth in _corpus_pages(corpus_dir):
        text = gzip.decompress(path.read_bytes()).decode("utf-8")
        data = text.encode(encoding, errors="xmlcharrefreplace")
        article = extract_article([Source(path=path.name, data=data)])
        assert "\ufffd" not in article.title, path.name
        assert "\ufffd" not in article.markdown, path.name
        assert article.markdown.strip(), path.name
