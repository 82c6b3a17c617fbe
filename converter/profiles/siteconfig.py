"""Five Filters site configs (the ``*.txt`` files of fivefilters/ftr-site-config) read as
site profiles.

The format, as the collection's README and the Full-Text RSS help describe it: one
``directive: value`` per line, split at the first colon (``replace_string(x): y`` at the
``):`` that closes its argument); a line starting with ``#`` is a comment. A directive on
several lines gives alternatives, tried in order. Values of the selecting directives are
XPath 1.0 expressions, evaluated here by lxml; a string-valued one
(``substring-after(//title, '|')``) is used as it is.

Nothing in a file stops it from loading: a malformed line, an XPath that does not
compile or calls a function XPath 1.0 does not have, a ``find_string`` without its
``replace_string``… is reported as one line ``<file>:<line>: <reason>`` (logged, and kept
in :attr:`SiteConfig.problems`) and only that rule is left out.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from lxml import etree

from .model import SiteProfile

log = logging.getLogger(__name__)

# Directives whose value is an XPath expression (several lines: alternatives, in order).
XPATH_DIRECTIVES = (
    "title",
    "author",
    "date",
    "body",
    "strip",
    "next_page_link",
    "single_page_link",
    "native_ad_clue",
)
# Directives whose value is plain text, several lines allowed.
TEXT_DIRECTIVES = ("strip_id_or_class", "strip_image_src")
# yes/no directives.
FLAG_DIRECTIVES = ("prune", "tidy", "autodetect_on_failure", "skip_json_ld")
_FLAG_VALUES = {"yes": True, "true": True, "1": True, "no": False, "false": False, "0": False}
# Directives of the format this converter has no use for (fetching, logging in, the PHP
# parser's switches): accepted and ignored with a debug line. ``name(`` = with argument.
IGNORED_DIRECTIVES = frozenset(
    {
        "login_uri",
        "login_username_field",
        "login_password_field",
        "login_extra_fields",
        "not_logged_in_xpath",
        "requires_login",
        "parser",
        "insert_detected_image",
        "if_page_contains",
        "dissolve",
        "footnotes",
        "http_header(",
        "wrap_in(",
        "move_into(",
    }
)
# The XPath 1.0 core function library and node-type tests: a call to anything else
# compiles in libxml2 but fails on every page (e.g. a misspelt "contain(").
_XPATH_FUNCTION_NAMES = (
    "last position count id local-name namespace-uri name string concat starts-with "
    "contains substring-before substring-after substring string-length normalize-space "
    "translate boolean not true false lang number sum floor ceiling round "
    "node text comment processing-instruction"
)
XPATH_FUNCTIONS = frozenset(_XPATH_FUNCTION_NAMES.split())
# A name followed by "(" outside string literals: a function call or a node-type test.
_CALL = re.compile(r"""'[^']*'|"[^"]*"|([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)\s*\(""")
# A class or id token for strip_id_or_class: no spaces, no quotes.
_TOKEN = re.compile(r"""^[^\s'"]+$""")


@dataclass(frozen=True)
class SiteConfig:
    """One config file as read: every directive this converter uses, in file order."""

    path: str
    title: tuple[str, ...] = ()
    author: tuple[str, ...] = ()
    date: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    strip: tuple[str, ...] = ()
    strip_id_or_class: tuple[str, ...] = ()
    strip_image_src: tuple[str, ...] = ()
    next_page_link: tuple[str, ...] = ()
    single_page_link: tuple[str, ...] = ()
    native_ad_clue: tuple[str, ...] = ()
    replace: tuple[tuple[str, str], ...] = ()  # literal (find, replacement), in order
    prune: bool | None = None
    tidy: bool | None = None
    autodetect_on_failure: bool | None = None
    skip_json_ld: bool | None = None
    src_lazy_load_attr: str | None = None
    tests: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (test_url, its test_contains)
    problems: tuple[str, ...] = field(default=(), compare=False)  # "<file>:<line>: reason"


def read_config(path: Path) -> SiteConfig:
    """Read one config file; every problem is logged as one line naming file and line."""
    where = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        config = SiteConfig(where, problems=(f"{where}: cannot read site config ({exc})",))
    else:
        config = parse_config(text, where)
    for problem in config.problems:
        log.error("%s", problem)
    return config


def parse_config(text: str, where: str = "<config>") -> SiteConfig:
    """Parse the text of one config (no logging: problems are in ``.problems``)."""
    lists: dict[str, list[str]] = {name: [] for name in XPATH_DIRECTIVES + TEXT_DIRECTIVES}
    flags: dict[str, bool] = {}
    finds: list[tuple[int, str]] = []  # find_string lines waiting for their replace_string
    pairs: list[tuple[str, str]] = []
    tests: list[tuple[str, list[str]]] = []
    lazy: str | None = None
    problems: list[str] = []

    def problem(number: int, reason: str) -> None:
        problems.append(f"{where}:{number}: {reason}")

    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parsed = _split(line)
        if parsed is None:
            problem(number, f"not a 'directive: value' line: {line[:60]!r}")
            continue
        name, value = parsed
        if name.startswith("replace_string(") and name.endswith(")"):
            pairs.append((name[len("replace_string(") : -1], value))
            if not pairs[-1][0]:
                pairs.pop()
                problem(number, "replace_string() with nothing to find")
        elif name == "find_string":
            if value:
                finds.append((number, value))
            else:
                problem(number, "find_string without a value")
        elif name == "replace_string":
            if finds:
                pairs.append((finds.pop(0)[1], value))
            else:
                problem(number, "replace_string without a find_string before it")
        elif name in lists:
            reason = _check(name, value)
            if reason:
                problem(number, reason)
            else:
                lists[name].append(value)
        elif name in FLAG_DIRECTIVES:
            if value.lower() in _FLAG_VALUES:
                flags[name] = _FLAG_VALUES[value.lower()]
            else:
                problem(number, f"{name}: expected yes or no, got {value!r}")
        elif name == "src_lazy_load_attr":
            lazy = value or None
        elif name == "test_url":
            tests.append((value, []))
        elif name == "test_contains":
            if tests:
                tests[-1][1].append(value)
        elif name in IGNORED_DIRECTIVES or name.split("(")[0] + "(" in IGNORED_DIRECTIVES:
            log.debug("%s:%d: directive %r ignored", where, number, name)
        else:
            problem(number, f"unknown directive {name!r} (line ignored)")
    problems += [f"{where}:{n}: find_string without a replace_string after it" for n, _ in finds]
    return SiteConfig(
        path=where,
        **{name: tuple(values) for name, values in lists.items()},
        replace=tuple(pairs),
        src_lazy_load_attr=lazy,
        tests=tuple((url, tuple(contains)) for url, contains in tests),
        problems=tuple(problems),
        **flags,
    )


def _split(line: str) -> tuple[str, str] | None:
    """``(directive, value)``; ``replace_string(x): y`` splits after its argument."""
    if line.startswith("replace_string("):
        end = line.find("):")
        if end < 0:
            return None
        return line[: end + 1], line[end + 2 :].strip()
    name, colon, value = line.partition(":")
    name = name.strip()
    if not colon or not name or " " in name:
        return None
    return name, value.strip()


def _check(name: str, value: str) -> str | None:
    """Why a value cannot be used, or None."""
    if not value:
        return f"{name} without a value"
    if name in TEXT_DIRECTIVES:
        if name == "strip_id_or_class" and not _TOKEN.match(value):
            return f"strip_id_or_class: {value!r} is not one class or id name"
        if "'" in value:
            return f"{name}: a value with a quote (') cannot be matched"
        return None
    return xpath_problem(value, name)


def xpath_problem(expression: str, name: str = "XPath") -> str | None:
    """Why ``expression`` is not a usable XPath 1.0 expression, or None."""
    try:
        etree.XPath(expression)
    except etree.XPathError as exc:
        return f"{name}: XPath does not compile ({exc}): {expression}"
    unknown = sorted(
        {
            m.group(1)
            for m in _CALL.finditer(expression)
            if m.group(1) and m.group(1) not in XPATH_FUNCTIONS
        }
    )
    if unknown:
        return f"{name}: unknown XPath function {', '.join(unknown)}(): {expression}"
    return None


def merge_global(config: SiteConfig, shared: SiteConfig) -> SiteConfig:
    """``config`` with ``global.txt`` merged in: the site's rules first, then the global
    ones; a yes/no or attribute the site sets wins; test URLs are the site's."""
    values: dict[str, object] = {}
    for f in fields(SiteConfig):
        mine, theirs = getattr(config, f.name), getattr(shared, f.name)
        if f.name in ("path", "tests", "problems"):
            continue
        if isinstance(mine, tuple):
            values[f.name] = mine + tuple(v for v in theirs if v not in mine)
        elif mine is None:
            values[f.name] = theirs
    return replace(config, **values)  # type: ignore[arg-type]


def to_profile(config: SiteConfig, domain: str) -> SiteProfile:
    """The site profile the converter's stages read (XPath selectors)."""
    remove = (
        config.strip
        + tuple(
            f"//*[contains(concat(' ',normalize-space(@class),' '),' {token} ') or @id='{token}']"
            for token in config.strip_id_or_class
        )
        + tuple(f"//img[contains(@src,'{part}')]" for part in config.strip_image_src)
    )
    return SiteProfile(
        name=f"{Path(config.path).name} (site config)",
        domains=(domain,),
        title=config.title,
        author=config.author,
        date=config.date,
        body=config.body,
        remove=remove,
        next_page=config.next_page_link,
        xpath=True,
        replace=config.replace,
        skip_json_ld=bool(config.skip_json_ld),
        lazy_src=config.src_lazy_load_attr,
        source=config.path,
    )


def config_names(host: str) -> list[str]:
    """File names for ``host``, most specific first: ``<host>.txt`` (``www.`` removed),
    then ``.<parent>.txt`` for each parent of at least two labels (``.example.com.txt``
    serves sub-domains, never ``example.com`` itself)."""
    host = host.lower().rstrip(".")
    host = host.removeprefix("www.")
    labels = host.split(".")
    return [f"{host}.txt"] + [
        "." + ".".join(labels[i:]) + ".txt" for i in range(1, len(labels) - 1)
    ]
