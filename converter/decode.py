"""Stage 1: bytes -> str, without mojibake and without crashing on a bad byte.

Order of evidence (first that holds wins):

1. a byte-order mark (UTF-32, UTF-8, UTF-16), or UTF-16/32 text without one;
2. ISO-2022-JP escape sequences (7-bit text that would otherwise pass as UTF-8);
3. the bytes are valid UTF-8 (the fast path, and the answer even when the page
   declares another charset: a declaration is a claim, valid UTF-8 is a fact);
4. the declared charset (XML declaration, ``<meta charset>``, ``http-equiv``), if the
   bytes decode with it;
5. detection (charset-normalizer, on the non-ASCII lines of a bounded sample),
   checked against the whole file;
6. the candidate with the fewest undecodable bytes, decoded with ``errors="replace"``.

Japanese labels map to supersets: Shift_JIS → cp932, EUC-JP → euc_jp, then
euc_jis_2004, then cp51932 (Microsoft's EUC-JP, decoded through cp932).
"""

from __future__ import annotations

import codecs
import re

from .errors import InputError
from .jis import euc_to_sjis, iso2022_to_euc

# Byte-order marks, longest first (the UTF-32-LE mark starts with the UTF-16-LE one).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Magic numbers of files that are often saved beside pages but are not pages.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x1f\x8b", "gzip-compressed data (decompress it first)"),
    (b"RIFF", "a RIFF file (WebP image, WAV audio...)"),
    (b"\x00\x00\x00\x18ftyp", "an MP4 video"),
    (b"\x00\x00\x00\x20ftyp", "an MP4 video"),
)

# How much of the file the cheap checks look at.
_SNIFF_BYTES = 4096
# A text file has no NUL byte; a few stray ones are tolerated (the parser drops them).
_MAX_NULS = 8
# Control bytes (not tab, newline, CR, form feed, ESC) hardly occur in text at all.
_CONTROL_BYTES = bytes([*range(0, 9), 11, *range(14, 27), *range(28, 32), 127])
_MAX_CONTROL_SHARE = 0.02
# The charset declaration must be in the head; pages with big inline styles push it down.
_DECLARATION_BYTES = 32 * 1024
# Detection sample: enough non-ASCII lines for a confident answer, bounded for speed.
_DETECT_BYTES = 16 * 1024

_XML_DECLARATION = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([\w.:-]+)""", re.I)
# Covers <meta charset=x> and <meta http-equiv=Content-Type content="...; charset=x">.
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
# ISO-2022-JP: ESC $ @, ESC $ B, ESC $ ( D/O/P/Q (two-byte sets), ESC ( I (katakana).
_ISO2022_ESCAPE = re.compile(rb"\x1b(?:\$[@B]|\$\([DOPQ]|\(I)")
# Lines holding at least one non-ASCII byte: what a detector needs to see.
_NON_ASCII_LINE = re.compile(rb"[^\n]*[\x80-\xff][^\n]*\n?")
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")
_HIGH_RUN = re.compile(rb"[\x80-\xff]{2,}")
# Below this many high bytes, a single-byte declaration is not worth doubting.
_MIN_HIGH_BYTES = 16
# Japanese prose is roughly half kana (particles, endings); mis-decoded Chinese or
# Korean bytes give kanji or half-width katakana, almost never kana. Calibrated on
# fundus-jp pages (kana share 0.35-0.6) and the English Japan News page (0.0 -> detector).
_KANA = re.compile(r"[\u3041-\u309f\u30a1-\u30fa\u30fc]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_MIN_KANA_SHARE = 0.15
# cp1252 symbols that stand for letters of other code pages (ł ą ś in cp1250...).
_ODD_IN_CP1252 = re.compile(r"[¤¦¨´¸¹²³¼½¾¯¬µ¶†‡‰ˆ˜¥±÷×]")
# A damaged page (a truncated character, a stray byte) loses at most this many
# characters, or 1% of its non-ASCII ones, to U+FFFD before another codec is preferred.
_FEW_BAD_BYTES = 4

# Declared labels -> the codecs to try, in order (supersets first; WHATWG-style aliases).
_LABEL_CODECS: dict[str, tuple[str, ...]] = {
    "shift_jis": ("cp932", "shift_jis_2004"),
    "euc_jp": ("euc_jp", "euc_jis_2004", "cp51932"),
    "iso2022_jp": ("iso2022_jp", "iso2022_jp_ext", "iso2022_jp_2004", "iso2022_jp_2", "cp50220"),
    "latin_1": ("cp1252",),
    "iso8859_1": ("cp1252",),
    "ascii": ("cp1252",),
    "iso8859_9": ("cp1254",),
    "iso8859_11": ("cp874",),
    "tis_620": ("cp874",),
    "gb2312": ("gb18030",),
    "gbk": ("gb18030",),
    "euc_kr": ("cp949",),
    "big5": ("big5hkscs",),
}
# Python codec names that belong to one of the families above.
_FAMILY = {
    "cp932": "shift_jis",
    "shift_jis_2004": "shift_jis",
    "shift_jisx0213": "shift_jis",
    "euc_jis_2004": "euc_jp",
    "euc_jisx0213": "euc_jp",
    "iso2022_jp_1": "iso2022_jp",
    "iso2022_jp_2": "iso2022_jp",
    "iso2022_jp_2004": "iso2022_jp",
    "iso2022_jp_3": "iso2022_jp",
    "iso2022_jp_ext": "iso2022_jp",
    "cp936": "gbk",
}
_SHIFT_JIS_LABELS = {"x-sjis", "sjis", "ms_kanji", "windows-31j", "csshiftjis", "ms932"}
# A declared UTF-16/32 on a page without a BOM is a lie (WHATWG: treat it as UTF-8).
_JAPANESE = {"shift_jis", "euc_jp", "iso2022_jp"}
# Undeclared Japanese: EUC-JP first (see _decode_japanese); cp51932 last, it is the slow
# one (a byte-by-byte rewrite in Python).
_JAPANESE_TRIALS = ("euc_jp", "euc_jis_2004", "cp932", "shift_jis_2004", "cp51932")
_SINGLE_BYTE_PREFIXES = ("cp125", "iso8859", "latin", "koi8", "mac_", "cp874", "ascii")
_IGNORED_LABELS = {"utf_16", "utf_16_le", "utf_16_be", "utf_32", "utf_32_le", "utf_32_be"}


def decode(data: bytes, path: str | None = None) -> tuple[str, str]:
    """Return ``(text, encoding)``, ``encoding`` a Python codec name.

    Never raises on invalid bytes (they become U+FFFD, and only they); raises
    :class:`InputError` for input that is not text at all (empty, binary).
    """
    if not data.strip():
        raise InputError("empty file", path)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace"), encoding
    head = data[:_SNIFF_BYTES]
    _refuse_binary(head, path)
    wide = _wide_unicode(head)
    if wide:
        return data.decode(wide, errors="replace"), wide
    if b"\x1b" in data and _ISO2022_ESCAPE.search(data):
        return _decode_first(data, _candidates("iso2022_jp"))
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return _decode_slow(data)


def _refuse_binary(head: bytes, path: str | None) -> None:
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise InputError(f"not an HTML page: the file is {what}", path)
    if _wide_unicode(head):
        return
    nuls = head.count(b"\x00")
    if nuls > _MAX_NULS:
        raise InputError(f"binary data, not an HTML page ({nuls} NUL bytes at the start)", path)
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if controls > len(head) * _MAX_CONTROL_SHARE:
        raise InputError(f"binary data, not an HTML page ({controls} control bytes)", path)


def _wide_unicode(head: bytes) -> str | None:
    """UTF-16/32 without a BOM: ASCII markup leaves NULs in a regular pattern."""
    sample = head[:512]
    if len(sample) < 8 or sample.count(b"\x00") < len(sample) // 8:
        return None
    quads = [sample[i::4].count(b"\x00") for i in range(4)]
    n = len(sample) // 4
    if quads[2] > n * 0.9 and quads[3] > n * 0.9 and quads[0] < n * 0.5:
        return "utf-32-le"  # the two high bytes of a BMP character are zero
    if quads[0] > n * 0.9 and quads[1] > n * 0.9 and quads[3] < n * 0.5:
        return "utf-32-be"
    even, odd = sample[0::2].count(b"\x00"), sample[1::2].count(b"\x00")
    half = len(sample) // 2
    if odd > half * 0.3 and even < odd / 4:
        return "utf-16-le"  # ASCII markup: a zero high byte after each character
    if even > half * 0.3 and odd < even / 4:
        return "utf-16-be"
    return None


def _decode_slow(data: bytes) -> tuple[str, str]:
    """Not UTF-8: the declared charset if the bytes agree, else detection, else the
    candidate with the fewest undecodable bytes."""
    declared = _declared(data[:_DECLARATION_BYTES])
    multibyte = _looks_multibyte(data)
    found = _decode_strict(data, _candidates(declared)) if declared else None
    if found and (not multibyte or _plausible(found[0], declared)):
        return found
    if multibyte:
        japanese = _decode_japanese(data)
        if japanese:
            return japanese
    if found:
        return found  # the declaration holds and nothing fits better
    if not multibyte and not found:
        western = _western(data)
        if western:
            return western
    detected = _detect(data)
    if detected:
        found = _decode_strict(data, _candidates(detected))
        if found:
            return found
    tried = [*(_candidates(declared) if declared else ())]
    tried += [*(_JAPANESE_TRIALS if multibyte else ()), *_candidates(detected or "utf_8")]
    tried += ["utf-8", "cp1252"]
    return _decode_first(data, tuple(dict.fromkeys(tried)))


def _western(data: bytes) -> tuple[str, str] | None:
    """Undeclared text whose high bytes stand alone (accents in Latin words): the web's
    default, cp1252, unless it yields symbols no Western text has (then Polish, Czech...
    in cp1250 and the like: left to the detector). Short Latin samples fool detectors."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    wide = len(_NON_ASCII.findall(text))
    odd = len(_ODD_IN_CP1252.findall(text))
    return (text, "cp1252") if odd <= wide // 100 else None


def _looks_multibyte(data: bytes) -> bool:
    """CJK text puts high bytes in runs; Latin text has them one by one (é between
    ASCII letters). Decides whether a single-byte declaration is worth doubting."""
    sample = data[:_DETECT_BYTES]
    high = len(_HIGH_BYTE.findall(sample))
    if high < _MIN_HIGH_BYTES:
        return False
    in_runs = sum(len(m) for m in _HIGH_RUN.findall(sample))
    return in_runs > high * 0.8


def _decode_japanese(data: bytes) -> tuple[str, str] | None:
    """The Japanese codec that decodes every byte and yields real Japanese (kana).

    EUC-JP is tried first: Shift_JIS bytes almost never pass as EUC-JP, while EUC-JP
    bytes often pass as cp932 (as half-width katakana and user-defined characters).
    """
    for encoding in _JAPANESE_TRIALS:
        try:
            text = _decode_with(data, encoding, "strict")
        except UnicodeDecodeError:
            continue
        if _kana_share(text) >= _MIN_KANA_SHARE:
            return text, encoding
    return None


def _kana_share(text: str) -> float:
    sample = text[: 4 * _DETECT_BYTES]  # a bounded sample is enough for a share
    wide = len(_NON_ASCII.findall(sample))
    return len(_KANA.findall(sample)) / wide if wide else 0.0


def _plausible(text: str, declared: str | None) -> bool:
    """Multibyte-looking bytes that decode under the declared charset: believe it, unless
    it is a single-byte charset (anything decodes as cp1252) or Japanese without kana."""
    name = declared or ""
    if name.startswith(_SINGLE_BYTE_PREFIXES):
        return False
    if _FAMILY.get(name, name) in _JAPANESE:
        return _kana_share(text) >= _MIN_KANA_SHARE
    return True


def _declared(head: bytes) -> str | None:
    """The charset the page claims, as a Python codec name (None if absent or unknown)."""
    for pattern in (_XML_DECLARATION, _META_CHARSET):
        m = pattern.search(head)
        if m:
            name = _codec_name(m.group(1).decode("ascii", "replace"))
            if name and name not in _IGNORED_LABELS:
                return name
    return None


def _codec_name(label: str) -> str | None:
    label = label.strip().lower()
    if label in _SHIFT_JIS_LABELS:
        return "shift_jis"
    if label in {"cp51932", "x-euc-jp", "eucjp", "ujis"}:
        return "euc_jp"
    try:
        return codecs.lookup(label).name.replace("-", "_")
    except LookupError:
        return None


def _candidates(name: str) -> tuple[str, ...]:
    family = _FAMILY.get(name, name)
    return _LABEL_CODECS.get(family, (name,))


def _detect(data: bytes) -> str | None:
    """charset-normalizer's best guess from the non-ASCII lines of a bounded sample."""
    from charset_normalizer import from_bytes  # imported lazily: the fast path never needs it

    lines = _NON_ASCII_LINE.finditer(data, 0, 8 * _DETECT_BYTES)
    sample = b"".join(m.group(0) for m in lines)[:_DETECT_BYTES]
    cut = max(sample.rfind(b"\n"), sample.rfind(b">"))
    if cut > len(sample) // 2:
        sample = sample[: cut + 1]  # never end inside a multibyte character
    best = from_bytes(sample or data[:_DETECT_BYTES]).best()
    return _codec_name(best.encoding) if best else None


def _decode_strict(data: bytes, encodings: tuple[str, ...]) -> tuple[str, str] | None:
    for encoding in encodings:
        try:
            return _decode_with(data, encoding, "strict"), encoding
        except (UnicodeDecodeError, LookupError):
            continue
    return None


def _decode_first(data: bytes, encodings: tuple[str, ...]) -> tuple[str, str]:
    """The first (in order of evidence) that decodes all bytes or all but a few; else
    the one with the fewest U+FFFD. Single-byte codecs decode almost anything, so they
    are never preferred to a multibyte one on count alone."""
    multibyte = tuple(e for e in encodings if not e.startswith(_SINGLE_BYTE_PREFIXES))
    found = _decode_strict(data, multibyte)
    if found:
        return found
    best: tuple[int, str, str] | None = None
    for encoding in encodings:
        try:
            text = _decode_with(data, encoding, "replace")
        except LookupError:
            continue
        bad = text.count("\ufffd")
        if bad <= max(_FEW_BAD_BYTES, len(_NON_ASCII.findall(text)) // 100):
            return text, encoding
        if encoding.startswith(_SINGLE_BYTE_PREFIXES):
            continue
        if best is None or bad < best[0]:
            best = (bad, text, encoding)
    if best is None:
        return data.decode("utf-8", errors="replace"), "utf-8"
    return best[1], best[2]


def _decode_with(data: bytes, encoding: str, errors: str) -> str:
    if encoding == "cp50220":
        return euc_to_sjis(iso2022_to_euc(data)).decode("cp932", errors=errors)
    if encoding == "cp51932":
        return euc_to_sjis(data).decode("cp932", errors=errors)
    return data.decode(encoding, errors=errors)
