"""Extraction benchmark: our extractor against trafilatura and readability-lxml.

Runs every tool in this one process on the same pages and scores the body the way the
scrapinghub article-extraction-benchmark does (4-token shingles of ``\\w+`` tokens,
precision and recall macro-averaged over pages, F1 from them). On the Japanese
fundus-jp set the body is also scored with characters as tokens, and title, authors,
date, lead and caption/credit are scored for the tools that report them.

    .venv/bin/python bench/extraction.py [--corpus ../shared/corpus] [--limit N]
                                         [--tools ours,trafilatura,...] [--text]

Prints one table and writes it to bench/results/extraction.json.

``--text`` adds the text mode: each page rendered to plain text by headless Chromium
(``document.body.innerText``, JavaScript off, every request aborted), as a reader's copy
of the page would be, then converted by us as a text capture (tool ``ours-text``) and
scored beside the HTML path on the same pages. Renderings are cached in
bench/results/text/ (git-ignored), so reruns skip the browser.
"""

from __future__ import annotations

import argparse
import gzip
import html as html_lib
import json
import re
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
RESULTS = ROOT / "bench" / "results" / "extraction.json"
TEXT_CACHE = ROOT / "bench" / "results" / "text"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
TOOLS = ("ours", "trafilatura", "trafilatura-precision", "readability")
WORD = re.compile(r"\w+")
SHINGLE = 4  # the scrapinghub benchmark's shingle length


# Pages ---------------------------------------------------------------------------------


@dataclass
class Case:
    """One page with its ground truth (fields absent from a corpus stay None)."""

    name: str
    data: bytes
    body: str
    url: str | None = None
    title: str | None = None
    authors: list[str] | None = None
    published: datetime | None = None
    lead: str | None = None
    captions: list[tuple[str, str]] = field(default_factory=list)  # (caption, credit)
    paragraphs: list[str] = field(default_factory=list)  # the truth body's paragraphs


def load_scrapinghub(folder: Path, limit: int | None) -> list[Case]:
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    cases = []
    for key in sorted(truth)[:limit]:
        data = gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes())
        cases.append(Case(key, data, truth[key]["articleBody"], truth[key].get("url")))
    return cases


def load_fundus(folder: Path, limit: int | None) -> list[Case]:
    """fundus pages: ``folder`` is one country folder (``fundus-jp/``) or the ``fundus/``
    folder of country folders. Each page is scored against the parser version whose title
    the page itself carries (the corpus README's rule); a page matching none or several
    versions is skipped."""
    if (folder / "meta.info").is_file():
        countries = [folder]
    else:
        countries = sorted(p.parent for p in folder.glob("*/meta.info"))
    cases: list[Case] = []
    for country in countries:
        info = json.loads((country / "meta.info").read_text(encoding="utf-8"))
        for page in sorted(info):
            if not (country / page).is_file():  # meta.info lists a few pages not shipped
                continue
            data = gzip.decompress((country / page).read_bytes())
            versions = json.loads((country / f"{page.rsplit('_', 3)[0]}.json").read_text("utf-8"))
            truth = _matching_version(data, versions)
            if truth is None:
                continue
            cases.append(_fundus_case(f"{country.name}/{page}", data, truth, info[page]))
    return cases[:limit]


def _matching_version(data: bytes, versions: dict[str, Any]) -> dict[str, Any] | None:
    page = norm(html_lib.unescape(data.decode("utf-8", "replace")))
    hits = [v for v in versions.values() if v.get("title") and norm(v["title"]) in page]
    titles = {norm(v["title"]) for v in hits}
    # versions with the same title hold the same page's values: take the first
    return hits[0] if len(titles) == 1 else None


def _fundus_case(name: str, data: bytes, truth: dict[str, Any], info: dict[str, Any]) -> Case:
    body = truth.get("body") or {}
    parts = list(body.get("summary", []))
    for section in body.get("sections", []):
        parts += section.get("headline", []) + section.get("paragraphs", [])
    captions = [
        (img.get("caption") or "", ", ".join(img.get("authors") or []))
        for img in truth.get("images", [])
        if img.get("caption")
    ]
    date = truth.get("publishing_date")
    return Case(
        name=name,
        data=data,
        body="\n\n".join(parts),
        url=info.get("url"),
        title=truth.get("title"),
        authors=list(truth.get("authors") or []),
        published=datetime.fromisoformat(date) if date else None,
        lead="\n".join(body.get("summary", [])) or None,
        captions=captions,
        paragraphs=[p for p in parts if p.strip()],
    )


def render_texts(cases: list[Case], corpus: str) -> list[Case]:
    """The cases with their page replaced by the text Chromium shows for it (JavaScript
    off, no network), cached per page; pages Chromium cannot render are left out."""
    folder = TEXT_CACHE / corpus
    todo = [c for c in cases if not _text_path(folder, c).is_file()]
    if todo:
        from playwright.sync_api import sync_playwright

        print(f"  rendering {len(todo)} pages as text in Chromium", file=sys.stderr)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            context = browser.new_context(java_script_enabled=False)
            context.route("**/*", lambda route: route.abort())
            page = context.new_page()
            for case in todo:
                try:
                    page.set_content(case.data.decode("utf-8", "replace"), timeout=20_000)
                    text = page.evaluate("document.body ? document.body.innerText : ''")
                except Exception as exc:  # a page the browser cannot load is left out
                    print(f"  cannot render {case.name}: {exc!r}", file=sys.stderr)
                    continue
                path = _text_path(folder, case)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
            browser.close()
    out = []
    for case in cases:
        path = _text_path(folder, case)
        if path.is_file():
            text = path.read_bytes()
            out.append(Case(**{**case.__dict__, "name": f"{case.name}.txt", "data": text}))
    return out


def _text_path(folder: Path, case: Case) -> Path:
    return folder / f"{case.name}.txt"


# Tools: each returns a dict with at least "text" ---------------------------------------


def run_ours(case: Case) -> dict[str, Any]:
    from converter.errors import DigestError
    from converter.model import Source
    from converter.pipeline import extract_article, markdown_to_text

    try:
        art = extract_article([Source(path=case.name, data=case.data)])
    except DigestError:
        return {"text": ""}
    # What the reader sees as the article: the lead paragraph (taken out of the body by
    # the lead stage and rendered above it), then the body.
    shown = f"{art.lead}\n\n{art.markdown}" if art.lead else art.markdown
    return {
        "text": markdown_to_text(shown),
        # the same without figure blocks (image, caption, credit): most ground truths
        # leave captions out, so this shows what the captions cost in the body score
        "text_no_figures": markdown_to_text(_FIGURE_BLOCK.sub("", shown)),
        "markdown": art.markdown,
        "title": art.title,
        "authors": [a.name for a in art.authors],
        "organization": art.organization,
        "published": art.published,
        "lead": art.lead,
    }


def run_trafilatura(case: Case, precision: bool = False) -> dict[str, Any]:
    import trafilatura

    text = trafilatura.extract(case.data.decode("utf-8", "replace"), favor_precision=precision)
    return {"text": text or ""}


def trafilatura_metadata(case: Case) -> dict[str, Any]:
    """trafilatura's own metadata for the page (title, authors, date to the day), read
    outside the clock so its pages/s stays the default call's."""
    import trafilatura

    meta = trafilatura.extract_metadata(case.data.decode("utf-8", "replace"))
    if meta is None:
        return {"title": None, "authors": [], "published": None}
    day = None
    if meta.date:
        try:
            day = datetime.fromisoformat(meta.date[:10])
        except ValueError:
            day = None
    authors = [a.strip() for a in (meta.author or "").split(";") if a.strip()]
    return {"title": meta.title, "authors": authors, "published": day, "date_only": True}


def run_readability(case: Case) -> dict[str, Any]:
    import lxml.html
    from readability import Document

    summary = Document(case.data.decode("utf-8", "replace")).summary()
    text = lxml.html.fromstring(summary).text_content() if summary.strip() else ""
    return {"text": text}


RUNNERS: dict[str, Callable[[Case], dict[str, Any]]] = {
    "ours": run_ours,
    "trafilatura": run_trafilatura,
    "trafilatura-precision": lambda c: run_trafilatura(c, precision=True),
    "readability": run_readability,
}


# Scores --------------------------------------------------------------------------------


def shingles(tokens: list[str]) -> Counter[tuple[str, ...]]:
    if not tokens:
        return Counter()
    if len(tokens) < SHINGLE:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1))


def body_prf(pairs: Iterable[tuple[list[str], list[str]]]) -> dict[str, float]:
    """Macro P/R over pages, F1 from them, exact-match accuracy (the benchmark's metric)."""
    precisions, recalls, exact = [], [], []
    for truth, pred in pairs:
        exact.append(truth == pred)
        t, p = shingles(truth), shingles(pred)
        tp = sum((t & p).values())
        fp, fn = sum(p.values()) - tp, sum(t.values()) - tp
        if fp == fn == 0:
            precisions.append(1.0)
            recalls.append(1.0)
            continue
        if tp + fp:
            precisions.append(tp / (tp + fp))
        if tp + fn:
            recalls.append(tp / (tp + fn))
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"f1": f1, "precision": p, "recall": r, "accuracy": sum(exact) / max(len(exact), 1)}


def words(text: str) -> list[str]:
    return WORD.findall(text)


def chars(text: str) -> list[str]:
    return [c for c in unicodedata.normalize("NFKC", text) if not c.isspace()]


def norm(text: str | None) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


_FIGURE_BLOCK = re.compile(r"^<figure\b.*?^</figure>\s*$", re.S | re.M)
_FIGCAPTION = re.compile(r"<figcaption>(.*?)</figcaption>", re.S)
_CREDIT = re.compile(r'<small class="credit">(.*?)</small>', re.S)


def caption_pairs(markdown: str) -> list[tuple[str, str]]:
    """(caption, credit) of every figcaption in our Markdown."""
    out = []
    for block in _FIGCAPTION.findall(markdown):
        credit = " ".join(_CREDIT.findall(block))
        caption = re.sub(r"<[^>]+>", "", _CREDIT.sub("", block))
        out.append((html_lib.unescape(caption).strip(), html_lib.unescape(credit).strip()))
    return out


def _same_names(ours: list[str] | None, truth: list[str] | None) -> bool:
    return sorted(map(norm, ours or [])) == sorted(map(norm, truth or []))


def meta_scores(cases: list[Case], outputs: list[dict[str, Any]]) -> dict[str, float]:
    """Exactness of title, authors, date (day, minute), lead; caption and credit split."""
    if not any("title" in o for o in outputs) or all(c.title is None for c in cases):
        return {}
    n = len(cases)
    title = sum(norm(o.get("title")) == norm(c.title) for c, o in zip(cases, outputs, strict=True))
    authors = sum(
        _same_names(o.get("authors"), c.authors) for c, o in zip(cases, outputs, strict=True)
    )
    # Our rule keeps organisations out of `authors` (they go to `organization`); where the
    # truth names one organisation as the author, finding it there counts as right.
    byline = sum(
        _same_names(o.get("authors"), c.authors)
        or (
            not o.get("authors")
            and len(c.authors or []) == 1
            and norm(o.get("organization")) == norm((c.authors or [""])[0])
        )
        for c, o in zip(cases, outputs, strict=True)
    )
    day = minute = 0
    for c, o in zip(cases, outputs, strict=True):
        ours, truth = o.get("published"), c.published
        if ours is None or truth is None:
            continue
        if ours.tzinfo and truth.tzinfo:
            ours = ours.astimezone(truth.tzinfo)
        day += ours.date() == truth.date()
        if o.get("date_only"):
            continue
        minute += ours.replace(second=0, microsecond=0, tzinfo=None) == truth.replace(
            second=0, microsecond=0, tzinfo=None
        )
    lead = sum(norm(o.get("lead")) == norm(c.lead) for c, o in zip(cases, outputs, strict=True))
    wanted = [(c, cap) for c in cases for cap in c.captions]
    got = {
        c.name: caption_pairs(o.get("markdown", "")) for c, o in zip(cases, outputs, strict=True)
    }
    cap_ok = sum(any(norm(g[0]) == norm(w[0]) for g in got[c.name]) for c, w in wanted)
    split_ok = sum(
        any(norm(g[0]) == norm(w[0]) and norm(g[1]) == norm(w[1]) for g in got[c.name])
        for c, w in wanted
    )
    scores = {
        "title": title / n,
        "authors": authors / n,
        "authors_or_org": byline / n,
        "date_day": day / n,
    }
    if not any(o.get("date_only") for o in outputs):
        scores["date_minute"] = minute / n
    if not any("markdown" in o for o in outputs):  # a tool without leads or figures
        return scores
    scores["lead"] = lead / n
    if wanted:
        scores["caption"] = cap_ok / len(wanted)
        scores["caption_credit"] = split_ok / len(wanted)
    return scores


# Run -----------------------------------------------------------------------------------


def run_tool(tool: str, cases: list[Case], by_chars: bool) -> dict[str, float]:
    runner = RUNNERS[tool]
    outputs = []
    if cases:  # warm-up outside the clock: imports and lazy set-up are not per-page cost
        _safe_run(runner, cases[0], tool)
    start = time.perf_counter()
    for case in cases:
        outputs.append(_safe_run(runner, case, tool))
    elapsed = time.perf_counter() - start
    if tool.startswith("trafilatura") and any(c.title for c in cases):
        for case, out in zip(cases, outputs, strict=True):
            out.update(_safe_run(trafilatura_metadata, case, tool) or {})
    result = body_prf(
        (words(c.body), words(o["text"])) for c, o in zip(cases, outputs, strict=True)
    )
    if "text_no_figures" in outputs[0]:
        pairs = (
            (words(c.body), words(o.get("text_no_figures", "")))
            for c, o in zip(cases, outputs, strict=True)
        )
        result["f1_no_figures"] = body_prf(pairs)["f1"]
    if by_chars:
        chars_prf = body_prf(
            (chars(c.body), chars(o["text"])) for c, o in zip(cases, outputs, strict=True)
        )
        result.update({f"char_{k}": v for k, v in chars_prf.items()})
    result["with_body"] = sum(bool(o["text"].strip()) for o in outputs) / max(len(cases), 1)
    if any(c.paragraphs for c in cases):
        result["para_recall"] = paragraph_recall(cases, outputs)
    result.update(meta_scores(cases, outputs))
    result["pages_per_s"] = len(cases) / elapsed if elapsed else 0.0
    result["pages"] = len(cases)
    return result


def _letters(text: str) -> str:
    """Letters and digits only, NFKC, case-folded: markup, punctuation and spacing
    differences do not decide whether a paragraph was found."""
    return "".join(c for c in unicodedata.normalize("NFKC", text).casefold() if c.isalnum())


def paragraph_recall(cases: list[Case], outputs: list[dict[str, Any]]) -> float:
    """Share of the truth's paragraphs found whole in the output, macro-averaged over
    pages (a page with no output finds none)."""
    shares = []
    for case, out in zip(cases, outputs, strict=True):
        wanted = [p for p in map(_letters, case.paragraphs) if p]
        if not wanted:
            continue
        text = _letters(out["text"])
        shares.append(sum(p in text for p in wanted) / len(wanted))
    return sum(shares) / len(shares) if shares else 0.0


def _safe_run(runner: Callable[[Case], dict[str, Any]], case: Case, tool: str) -> dict[str, Any]:
    """One page through one tool; a crash scores as empty output."""
    try:
        return runner(case)
    except Exception as exc:  # a tool crashing on a page scores as empty output
        print(f"  {tool} failed on {case.name}: {exc!r}", file=sys.stderr)
        return {"text": ""}


def print_table(results: dict[str, dict[str, dict[str, float]]]) -> None:
    for corpus, by_tool in results.items():
        metrics = sorted({m for r in by_tool.values() for m in r}, key=_metric_order)
        print(f"\n{corpus}")
        print(f"{'metric':<16}" + "".join(f"{t:>24}" for t in by_tool))
        for metric in metrics:
            cells = []
            for r in by_tool.values():
                v = r.get(metric)
                cells.append(
                    "-"
                    if v is None
                    else f"{v:.1f}"
                    if metric == "pages_per_s"
                    else f"{v:.0f}"
                    if metric == "pages"
                    else f"{v:.3f}"
                )
            print(f"{metric:<16}" + "".join(f"{c:>24}" for c in cells))


def _metric_order(metric: str) -> tuple[int, str]:
    first = [
        "f1",
        "precision",
        "recall",
        "accuracy",
        "f1_no_figures",
        "char_f1",
        "char_precision",
        "char_recall",
    ]
    return (first.index(metric), metric) if metric in first else (len(first), metric)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--corpus",
        type=Path,
        default=DEFAULT_CORPUS,
        help="folder holding scrapinghub/, fundus/ and fundus-jp/ (or one of them)",
    )
    parser.add_argument("--limit", type=int, default=None, help="at most N pages per corpus")
    parser.add_argument("--tools", default=",".join(TOOLS), help=f"comma list of {TOOLS}")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument(
        "--text",
        action="store_true",
        help="also convert each page's text as Chromium shows it (tool ours-text)",
    )
    args = parser.parse_args(argv)
    tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    unknown = [t for t in tools if t not in RUNNERS]
    if unknown:
        parser.error(f"unknown tool(s): {', '.join(unknown)}; choose from {', '.join(TOOLS)}")

    loaders = {"scrapinghub": load_scrapinghub, "fundus": load_fundus, "fundus-jp": load_fundus}
    folders = {name: args.corpus / name for name in loaders}
    if args.corpus.name in loaders:  # --corpus pointed at one corpus folder
        folders = {args.corpus.name: args.corpus}
    folders = {n: f for n, f in folders.items() if f.is_dir()}
    if not folders:
        print(f"corpus not found under {args.corpus}: nothing to benchmark")
        return 0

    results: dict[str, dict[str, dict[str, float]]] = {}
    for name, folder in folders.items():
        cases = loaders[name](folder, args.limit)
        print(f"{name}: {len(cases)} pages", file=sys.stderr)
        results[name] = {}
        for tool in tools:
            results[name][tool] = run_tool(tool, cases, by_chars=name.startswith("fundus"))
            print(f"  {tool}: done", file=sys.stderr)
        if args.text:
            texts = render_texts(cases, name)
            # the same pages as the HTML path's (a page Chromium could not render is in
            # neither column)
            shown = {t.name.removesuffix(".txt") for t in texts}
            same = [c for c in cases if c.name in shown]
            by_chars = name.startswith("fundus")
            if len(same) < len(cases):
                results[name]["ours (rendered pages)"] = run_tool("ours", same, by_chars)
            results[name]["ours-text"] = run_tool("ours", texts, by_chars)
            print("  ours-text: done", file=sys.stderr)
    print_table(results)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
