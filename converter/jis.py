"""Microsoft's Japanese encodings that Python has no codec for, rewritten as bytes that
a Python codec reads: cp51932 (EUC-JP) and cp50220 (ISO-2022-JP) both go to cp932.

Used by :mod:`converter.decode` as last candidates, when the standard codecs fail on
NEC row 13 (①, ㈱) or the NEC-selected IBM extensions.
"""

from __future__ import annotations

import re

# Python's cp932 decodes 0xA0 and 0xFD-0xFF (to private-use characters): this pair it
# rejects (row 0x85 is unassigned), so a non-EUC byte stays an error.
_CP932_INVALID = b"\x85\x40"


def euc_to_sjis(data: bytes) -> bytes:
    """Rewrite EUC-JP two-byte codes as Shift_JIS ones, so cp932 decodes Microsoft's
    EUC-JP (cp51932: NEC row 13 ①㈱, NEC-selected IBM extensions) the Windows way."""
    out = bytearray()
    i, n = 0, len(data)
    while i < n:
        b = data[i]
        if 0xA1 <= b <= 0xFE and i + 1 < n and 0xA1 <= data[i + 1] <= 0xFE:
            j1, j2 = b - 0x80, data[i + 1] - 0x80  # JIS row/cell bytes 0x21..0x7E
            s1 = (j1 + 1) // 2 + (0x70 if j1 <= 0x5E else 0xB0)
            if j1 % 2:
                s2 = j2 + 0x1F
                s2 += s2 >= 0x7F  # Shift_JIS skips 0x7F
            else:
                s2 = j2 + 0x7E
            out += bytes((s1, s2))
            i += 2
        elif b == 0x8E and i + 1 < n and 0xA1 <= data[i + 1] <= 0xDF:  # half-width kana
            out.append(data[i + 1])
            i += 2
        elif b >= 0x80:  # not EUC-JP: make it undecodable for cp932 too
            out += _CP932_INVALID
            i += 1
        else:
            out.append(b)
            i += 1
    return bytes(out)


# ISO-2022-JP shift sequences: two-byte JIS X 0208 (ESC $ @, ESC $ B), half-width
# katakana (ESC ( I), one-byte ASCII/Roman (ESC ( B, ESC ( J).
_ISO2022_SHIFT = re.compile(rb"\x1b(\$[@B]|\(I|\([BJ])")


def iso2022_to_euc(data: bytes) -> bytes:
    """Microsoft's ISO-2022-JP (cp50220: NEC row 13 and IBM extensions inside ESC $ B)
    rewritten as EUC-JP bytes, which :func:`euc_to_sjis` then maps to cp932."""
    parts = _ISO2022_SHIFT.split(data)
    out = bytearray(parts[0])
    for shift, chunk in zip(parts[1::2], parts[2::2], strict=True):
        if shift.startswith(b"$"):
            out += bytes(b | 0x80 if 0x21 <= b <= 0x7E else b for b in chunk)
        elif shift == b"(I":
            for b in chunk:
                out += bytes((0x8E, b | 0x80)) if 0x21 <= b <= 0x5F else bytes((b,))
        else:
            out += chunk
    return bytes(out)
