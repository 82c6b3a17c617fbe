"""Split a photo caption into (caption, credit).

One public function, :func:`split_credit`. The rules are a table of named regexes,
tried in order on the whole caption text; the first that matches wins. Each rule
captures the credit as ``credit`` and leaves the caption as everything before the match
(plus, for ``（場所で、名前撮影）``, the words before the name). A caption with no
recognised credit is returned whole, and a text that is only a credit gives
``(None, credit)``.

The patterns come from how Japanese and English news sites print photo credits:
``…＝ＡＰ`` / ``…＝共同`` (wire services after ＝), ``（…撮影）`` (the photographer's
name before 撮影), ``（Ｃ）共同通信社`` / ``©…`` (copyright marks), ``写真：…`` and
``Photo: …`` labels, ``…　Name/REUTERS`` (an ideographic space before a slash credit),
``… Name via Reuters``, and a bare wire-service or picture-agency name at the end.
"""

from __future__ import annotations

import re
import unicodedata

# Wire services and picture agencies, as printed (half- or full-width; matched after
# NFKC). Used where the credit has no other marker: after ＝, in parentheses, or as a
# last "sentence" of the caption.
AGENCIES = (
    r"共同(?:通信(?:社)?)?|時事(?:通信(?:社)?)?|ロイター|ゲッティ(?:イメージズ)?|新華社|聯合(?:ニュース)?"
    r"|タス|ブルームバーグ|代表撮影|AFP|AP|EPA|UPI|dpa|ANSA|AAP|Reuters|REUTERS|Kyodo|KYODO"
    r"|Jiji(?: Press)?|JIJI|Xinhua|XINHUA|Yonhap|YONHAP|Bloomberg|Getty Images|Getty"
    r"|Shutterstock|iStock|iStockphoto|PIXTA|Alamy|NurPhoto|Sipa|SIPA|ZUMA(?: Press)?"
    r"|Associated Press|Agence France-Presse|The Yomiuri Shimbun|Yomiuri Shimbun"
)
# One or more agencies joined the usual ways: AFP時事, AFP/Getty, EPA＝時事, ロイター＝共同.
_AGENCY_RUN = rf"(?:{AGENCIES})(?:\s*[/=・]?\s*(?:{AGENCIES}))*"

# Labels that introduce a credit: "Photo: X", "写真：X", "写真提供：X", "Photo by X".
_LABELS = (
    r"写真提供|画像提供|写真|画像|撮影|提供|出典|資料"
    r"|Photo(?:graph)?s?|Pictures?|Images?|Credits?|Source|Illustration"
)
_LABEL_SEP = r"\s*(?:[:：=＝]|\s+by\s)\s*"

# Where a trailing credit may begin: start of text, after a sentence end, an
# ideographic space, or two spaces.
_BOUNDARY = r"(?:^|(?<=[.。!?！？」』）)])\s*|\u3000+|\s{2,})"

# Where a credit that starts with a capital letter may begin in running text: like
# _BOUNDARY, or right after a Japanese character or closing bracket ("…で（3月）Oliver").
_CREDIT_START = r"(?:^|(?<=[.!?。！？」』)\u3040-\u30ff\u3400-\u9fff])\s*|\u3000+|\s{2,})"
# A person's name in Latin letters: one to five capitalised words ("Oliver Brandt").
_LATIN_NAME = r"[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|de|van|von|der|la|le|da|dos)){0,4}"
# A person's or agency's name in a slash credit: up to four capitalised words ("Tero
# Vesalainen", "Kim Kyung-Hoon", "AFP") or a short run of CJK without spaces ("山田太郎").
_NAME = (
    r"(?:[A-Z][\w'’-]*\.?(?:\s+(?:[A-Z][\w'’.-]*|de|van|von|der|la|le)){0,4}"
    r"|[^\sA-Za-z\d\u3000/()。、,.!?]{1,12})"
)

CREDIT_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    # "…（Ｃ）共同通信社", "… © Jane Doe", "… (c) Reuters": everything after the mark.
    (
        "copyright",
        re.compile(r"\s*(?:[(（]\s*[cCＣｃ]\s*[)）]|[©Ⓒ])\s*(?P<credit>[^()（）]+?)\s*$"),
    ),
    # "…（潟沼義樹撮影）", "…（東京・霞ケ関で、潟沼義樹撮影）": the name before 撮影.
    (
        "paren_satsuei",
        re.compile(
            r"\s*[(（](?:(?P<place>[^()（）]*)、)?(?P<credit>[^()（）、]{1,30}?)\s*撮影[)）]\s*$"
        ),
    ),
    # "…=2024年12月4日、英ロンドン、杉山歩撮影": the name after the last 、 or ＝.
    ("trailing_satsuei", re.compile(r"\s*[、,＝=]\s*(?P<credit>[^、,＝=（）()\s]{1,20}?)撮影\s*$")),
    # "（写真：山田太郎）", "(Photo: Jane Doe/AP)": a labelled credit in parentheses.
    (
        "paren_label",
        re.compile(rf"\s*[(（](?:{_LABELS}){_LABEL_SEP}(?P<credit>[^()（）]+?)\s*[)）]\s*$", re.I),
    ),
    # "… Photo: Jane Doe", "…。写真提供：警視庁", "Credit: AP" (also the whole text).
    ("label", re.compile(rf"{_BOUNDARY}(?:{_LABELS}){_LABEL_SEP}(?P<credit>.+?)\s*$", re.I)),
    # "…（ソウルで、３日）＝ＡＰ", "…＝共同", "… =Reuters": a wire service after ＝.
    ("equals_agency", re.compile(rf"\s*[＝=]\s*(?P<credit>{_AGENCY_RUN})\s*$")),
    # "… =Taro Yamada" with a space before the sign: a short name after " =".
    (
        "space_equals",
        re.compile(r"\s+[＝=]\s*(?P<credit>[^\s=＝、。,.\d][^=＝、。,.\d]{0,29}?)\s*$"),
    ),
    # "…　Tero Vesalainen/Shutterstock", "… Kim Hong-Ji/REUTERS", "AFP/Getty".
    (
        "slash",
        re.compile(
            rf"{_BOUNDARY}(?P<credit>(?:{_NAME})?[/／]\s*[A-Za-z][A-Za-z .&'-]{{0,30}}?)\s*$"
        ),
    ),
    # "… Jane Doe via Reuters", "…（2025年3月）Oliver Brandt via Reuters".
    (
        "via",
        re.compile(
            rf"{_CREDIT_START}(?P<credit>(?:{_LATIN_NAME}\s+)?via\s+[A-Z][\w .&-]{{1,30}}?)\s*$"
        ),
    ),
    # "…（ロイター）", "… (AP)", "… (Reuters/Jane Doe)": an agency in parentheses.
    (
        "paren_agency",
        re.compile(rf"\s*[(（](?P<credit>(?:{_AGENCY_RUN})(?:[/／][^()（）]{{1,40}})?)[)）]\s*$"),
    ),
    # "… Getty Images", "…。ロイター", "…/AP": a bare agency name closing the caption.
    ("bare_agency", re.compile(rf"(?:{_BOUNDARY}|\s*[/／]\s*)(?P<credit>{_AGENCY_RUN})\s*$")),
)

# Characters stripped around both parts: ASCII/ideographic spaces, dangling separators.
_TRIM = " \t\n\r\u3000\u00a0"
_TRAILING_SEPARATORS = "=＝/／|｜-–—:："


def _fold(text: str) -> str:
    """Full-width letters, digits and signs to ASCII, one character for one, so that a
    match position in the folded text is the same position in the original. The
    ideographic space is kept: it marks where a credit begins."""
    out = []
    for ch in text:
        folded = unicodedata.normalize("NFKC", ch) if ch != "\u3000" else ch
        out.append(folded if len(folded) == 1 else ch)
    return "".join(out)


def split_credit(text: str | None) -> tuple[str | None, str | None]:
    """``(caption, credit)`` for a caption text; either part may be None."""
    if not text or not text.strip(_TRIM):
        return None, None
    text = text.strip(_TRIM)
    probe = _fold(text)  # rules are written for half-width forms
    for _name, rule in CREDIT_RULES:
        m = rule.search(probe)
        if not m:
            continue
        credit = text[m.start("credit") : m.end("credit")].strip(_TRIM)
        caption = text[: m.start()].rstrip(_TRIM + _TRAILING_SEPARATORS)
        place = m.groupdict().get("place")
        if place:
            caption += "（" + text[m.start("place") : m.end("place")].strip(_TRIM) + "）"
        if credit:
            return (caption or None), credit
    return text, None
