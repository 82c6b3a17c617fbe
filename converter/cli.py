"""``digest``: thin layer from arguments to settings to pipeline to summary + exit code.

Exit codes: 0 all went well, 1 some pages failed (the others were written),
2 usage error.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from . import __version__
from .batch import Report, convert
from .errors import DigestError, InternalError, UsageError
from .pipeline import extract_article, read_source, render_page
from .profiles import load_profiles
from .settings import Settings

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # argparse exits 2 already; keep its message
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="digest",
        description="Turn saved news/column article pages into clean Markdown and a "
        "searchable MkDocs Material site.",
        epilog="Exit codes: 0 success, 1 some pages failed (the rest were written), 2 usage error.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks and debug logs")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    p = sub.add_parser(
        "convert",
        help="convert saved pages into Markdown files with front matter",
        description="Convert saved pages (files or folders, searched recursively) into one "
        "Markdown file per article. The pages of a multi-page article become one article.",
    )
    p.add_argument("sources", nargs="+", type=Path, metavar="SOURCE")
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        default=Path("docs/articles"),
        help="folder for the Markdown files (default: %(default)s)",
    )
    _add_batch_options(p)

    p = sub.add_parser(
        "extract",
        help="print one article to stdout",
        description="Extract one article and print it. Several PAGE arguments are the "
        "pages of one article, in reading order.",
    )
    p.add_argument("pages", nargs="+", type=Path, metavar="PAGE")
    p.add_argument(
        "-f",
        "--format",
        choices=("markdown", "json", "text"),
        default="markdown",
        help="output format (default: %(default)s)",
    )
    _add_profiles_option(p)

    p = sub.add_parser(
        "build",
        help="convert the sources and build the site",
        description="Convert every page under the sources folder into docs/articles, write "
        "the listing pages, feed and search index, and build the site with MkDocs.",
    )
    _add_site_options(p)
    p.add_argument(
        "--publish",
        choices=("full", "excerpt"),
        default=None,
        help="what article pages publish: the full text, or an excerpt (lead, one quotation, "
        "the curator's note, a source line) (default: extra.curation.publish in the "
        "config, else full)",
    )
    p.add_argument(
        "--full",
        action="store_true",
        help="render and index every page (default: only what changed since the last build, "
        "unless the configuration, theme or versions changed)",
    )
    _add_batch_options(p)

    p = sub.add_parser(
        "add",
        help="fetch pages by URL into the sources folder, then convert",
        description="Fetch each URL (httpx: timeout, size cap, redirects) into the sources "
        "folder as the response's bytes plus a NAME.fetch.json sidecar (URL, fetch time, "
        "status, headers), then convert the sources folder.",
    )
    p.add_argument("urls", nargs="+", metavar="URL")
    p.add_argument(
        "--sources",
        type=Path,
        default=Path("sources"),
        help="folder the pages are saved into (default: %(default)s)",
    )
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        default=Path("docs/articles"),
        help="folder for the Markdown files (default: %(default)s)",
    )
    _add_batch_options(p)

    p = sub.add_parser(
        "serve",
        help="build, serve the site with search, and rebuild what changes",
        description="Build the site (as `digest build`), serve it with live reload, and on "
        "every change to the sources, docs/, notes/, mkdocs.yml or the theme overrides "
        "convert what changed and render and index only the pages it affects.",
    )
    _add_site_options(p)
    p.add_argument(
        "-a",
        "--dev-addr",
        default="127.0.0.1:8000",
        metavar="HOST:PORT",
        help="address to serve on (default: %(default)s)",
    )
    p.add_argument(
        "--watch",
        type=Path,
        action="append",
        default=[],
        metavar="PATH",
        help="another file or folder to watch (repeatable)",
    )
    _add_batch_options(p)
    return parser


def _add_site_options(p: argparse.ArgumentParser) -> None:
    """The options of the commands that build the site (build, serve)."""
    p.add_argument(
        "--sources",
        type=Path,
        default=Path("sources"),
        help="folder of saved pages (default: %(default)s)",
    )
    p.add_argument(
        "--config",
        type=Path,
        default=Path("mkdocs.yml"),
        help="MkDocs configuration (default: %(default)s)",
    )
    p.add_argument(
        "--site-dir",
        type=Path,
        default=None,
        help="where to build the site (default: site_dir of the config)",
    )


def _add_batch_options(p: argparse.ArgumentParser) -> None:
    _add_profiles_option(p)
    p.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=None,
        help="pages converted in parallel (default: all cores)",
    )
    p.add_argument("--force", action="store_true", help="overwrite pages that were edited by hand")
    p.add_argument("--prune", action="store_true", help="delete pages whose source disappeared")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    p.add_argument(
        "--fetch-images",
        action="store_true",
        help="download the images a capture came without, to keep them in the site "
        "(size caps per image and per article; unchanged articles need --force)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.debug else logging.ERROR,
        format="%(levelname)s: %(message)s",
    )
    if not args.debug:  # our own warnings; libraries' (trafilatura...) only with --debug
        logging.getLogger("converter").setLevel(logging.WARNING)
    try:
        return _COMMANDS[args.command](args)
    except UsageError as exc:
        print(f"digest: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except DigestError as exc:
        if args.debug:
            raise
        print(f"digest: error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("digest: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. `digest extract page.html | head`
        sys.stderr.close()
        return EXIT_FAILED
    except Exception as exc:  # a bug: one line for the user, the traceback with --debug
        if args.debug:
            raise
        print(f"digest: error: {InternalError(exc)}", file=sys.stderr)
        return EXIT_FAILED


def _add_profiles_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--profiles",
        type=Path,
        default=None,
        metavar="DIR",
        help="folder of site profiles (YAML) and Five Filters site configs (<host>.txt) used "
        "before the shipped ones (default: profiles/ beside mkdocs.yml or in the current "
        "folder, if any)",
    )
    p.add_argument(
        "--no-profiles",
        action="store_true",
        help="ignore every site profile: generic extraction only",
    )


def _profiles_dir(args: argparse.Namespace) -> Path | None:
    """--profiles, else profiles/ at the project root if it exists; validated now, so a
    bad profile stops the run once instead of failing every page."""
    folder = getattr(args, "profiles", None)
    if folder is not None and not folder.is_dir():
        raise UsageError(f"profiles folder not found: {folder}")
    if folder is None:
        config = getattr(args, "config", None)
        folder = (config.parent if config else Path()) / "profiles"
        if not folder.is_dir():
            return None
    load_profiles(folder)
    return folder


def _settings(args: argparse.Namespace, output: Path, cache_dir: Path | None = None) -> Settings:
    jobs = args.jobs if args.jobs is not None else Settings().jobs
    if jobs < 1:
        raise UsageError(f"--jobs must be at least 1, not {jobs}")
    return Settings(
        output_dir=output,
        profiles_dir=_profiles_dir(args),
        use_profiles=not args.no_profiles,
        jobs=jobs,
        force=args.force,
        prune=args.prune,
        fetch_images=args.fetch_images,
        progress=not args.quiet and sys.stderr.isatty(),
        debug=args.debug,
        cache_dir=cache_dir,
    )


def _cmd_convert(args: argparse.Namespace) -> int:
    missing = [str(p) for p in args.sources if not p.exists()]
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(missing)}")
    report = convert(args.sources, _settings(args, args.output))
    _print_report(report)
    return EXIT_OK if report.ok else EXIT_FAILED


def _cmd_extract(args: argparse.Namespace) -> int:
    settings = Settings(profiles_dir=_profiles_dir(args), use_profiles=not args.no_profiles)
    sources = [read_source(p, settings) for p in args.pages]
    article = extract_article(sources, settings)
    for warning in article.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if args.format == "json":
        out = json.dumps(article.to_dict(), ensure_ascii=False, indent=2) + "\n"
    elif args.format == "text":
        out = article.text
    else:
        out = render_page(article)
    sys.stdout.write(out)
    return EXIT_OK


def _cmd_build(args: argparse.Namespace) -> int:
    from .site import build_site
    from .site.buildcache import CACHE_DIR

    if not args.sources.is_dir():
        raise UsageError(f"sources folder not found: {args.sources}")
    if not args.config.is_file():
        raise UsageError(f"MkDocs configuration not found: {args.config}")
    docs_dir = args.config.parent / "docs"
    from .site.pagefind import Service
    from .site.search import INDEX_LANGUAGE

    # The search indexer starts first: it loads its dictionaries on the second core
    # while the sources are converted (converter/site/pagefind.py).
    with Service() as service:
        service.warm_up(INDEX_LANGUAGE)
        settings = _settings(args, docs_dir / "articles", args.config.parent / CACHE_DIR)
        report = convert([args.sources], settings)
        _print_report(report)
        summary = build_site(
            args.config, args.site_dir, publish=args.publish, full=args.full, service=service
        )
    print(summary, file=sys.stderr)
    return EXIT_OK if report.ok else EXIT_FAILED


def _cmd_add(args: argparse.Namespace) -> int:
    from .add import add_page

    failed = []
    for url in args.urls:
        try:
            page = add_page(url, args.sources)
            print(f"saved: {url} -> {page}", file=sys.stderr)
        except DigestError as exc:
            print(f"error: {exc}", file=sys.stderr)
            failed.append(exc)
    if not args.sources.is_dir():
        return EXIT_FAILED
    report = convert([args.sources], _settings(args, args.output))
    _print_report(report)
    return EXIT_OK if report.ok and not failed else EXIT_FAILED


def _cmd_serve(args: argparse.Namespace) -> int:
    from .serve import Preview, serve
    from .site import _raw_config
    from .site.buildcache import CACHE_DIR

    if not args.sources.is_dir():
        raise UsageError(f"sources folder not found: {args.sources}")
    if not args.config.is_file():
        raise UsageError(f"MkDocs configuration not found: {args.config}")
    host, _, port = args.dev_addr.rpartition(":")
    if not host or not port.isdigit():
        raise UsageError(f"--dev-addr must be HOST:PORT, not {args.dev_addr}")
    cache_dir = args.config.parent / CACHE_DIR
    settings = _settings(args, args.config.parent / "docs" / "articles", cache_dir)
    preview = Preview(args.sources, args.config, settings, args.site_dir, _print_report)
    site_url = str(_raw_config(args.config).get("site_url") or "/")
    serve(preview, host, int(port), args.watch, site_url)
    return EXIT_OK


def _print_report(report: Report) -> None:
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for path, reason in report.skipped:
        print(f"skipped: {path}: {reason}", file=sys.stderr)
    for error in report.failed:
        print(f"error: {error}", file=sys.stderr)
    for path in report.removed:
        print(f"removed: {path} (its source is gone)", file=sys.stderr)
    print(
        f"{len(report.written)} written, {len(report.unchanged)} unchanged, "
        f"{len(report.skipped)} skipped, {len(report.removed)} removed, "
        f"{len(report.failed)} failed",
        file=sys.stderr,
    )


_COMMANDS = {
    "convert": _cmd_convert,
    "extract": _cmd_extract,
    "build": _cmd_build,
    "add": _cmd_add,
    "serve": _cmd_serve,
}
