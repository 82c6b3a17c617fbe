"""trafilatura's element selections as Python functions, for the oracle (speed).

trafilatura's main extractor picks the article's candidate subtree and prunes it with
XPath expressions that test every element's tag and attributes, many with EXSLT regexes
(``re:test``): one Python callback per test and element through libxml2, ~5 µs an
element, the costliest part of its main extractor on our corpus. :func:`compile_path`
turns such an expression into a Python function selecting the same elements in the same
order, when it is made of ``.//*[...]`` steps whose filters read only the element itself
(its tag, its attributes, whether it holds a descendant ``.//name``, through
``re:test``, ``contains``, ``starts-with``, ``translate``, ``=``, ``!=``, ``not``,
``and``, ``or``, parentheses), ``.//name`` steps,
their ``[1]`` and ``(...)[1]`` forms, and unions of these. :func:`install` puts gated
stand-ins for them into trafilatura's main extractor: inside :func:`python_filters` (the
oracle's call) they run the compiled function, anywhere else the XPath, so no other
caller sees a change. An expression the compiler does not understand is left as it is.

``tests/test_filters.py`` checks that both select the same elements on every corpus page,
on edge cases and on random trees (attribute order, absent attributes, unions, firsts).
"""

from __future__ import annotations

import ast
import contextlib
import contextvars
import logging
import re
from collections.abc import Callable, Iterator
from typing import Any

from lxml import etree

log = logging.getLogger(__name__)

Predicate = Callable[[etree._Element], bool]


class Unsupported(ValueError):
    """The expression uses XPath the compiler does not cover."""


# Tokens of the covered subset, in the order they are tried.
_TOKEN = re.compile(
    r"""\s*(?:
      (?P<string>'[^']*'|"[^"]*")
    | (?P<self>self::(?P<tag>[A-Za-z_][\w.-]*))
    | (?P<below>\.//(?P<below_tag>[A-Za-z_][\w.-]*))
    | (?P<attr>@(?P<name>[A-Za-z_][\w.-]*))
    | (?P<func>re:test|contains|starts-with|translate|not)\s*\(
    | (?P<word>or|and)(?![\w.-])
    | (?P<op>!=|=|\||\(|\)|,)
    )""",
    re.X,
)
# A filter of a step: quoted strings, other characters, filters nested one level.
_FILTER = r"\[((?:'[^']*'|\"[^\"]*\"|[^][\'\"]|\[(?:'[^']*'|\"[^\"]*\"|[^][\'\"])*\])*)\]"
_STEP = re.compile(rf"\.//\*(?:{_FILTER})+")


def compile_filter(path: str) -> tuple[tuple[str, ...], Predicate]:
    """For ``.//*`` with the filters of ``path`` (reading only the element and what it
    holds): the tags it can select (empty: any) and the predicate an element of those
    tags passes exactly when the expression selects it. Raises :class:`Unsupported`
    for any other expression."""
    path = path.strip()
    if not _STEP.fullmatch(path):
        raise Unsupported("not a .//*[...] step")
    filters = re.findall(_FILTER, path)
    tags = _tag_test(filters[0])
    if tags:
        filters = filters[1:]  # the tags are tested by lxml as it walks (in C)
    constants: dict[str, Any] = {"_values": _values, "_first": _first}
    attributes: dict[str, str] = {}
    tests = [_Parser(f, constants, attributes).parse() for f in filters] or ["True"]
    # Speed: each attribute the filters read is read once, into a local. The source
    # holds only names the tokens allow and literals written by repr().
    reads = "".join(f"    {local} = g({name!r})\n" for name, local in attributes.items())
    source = f"def predicate(el):\n    g = el.get\n{reads}    return {' and '.join(tests)}"
    exec(compile(source, "<filters>", "exec"), constants)
    return tags, constants["predicate"]


_TAG_TEST = re.compile(r"\s*self::[A-Za-z_][\w.-]*(?:\s+or\s+self::[A-Za-z_][\w.-]*)*\s*")


def _tag_test(text: str) -> tuple[str, ...]:
    """The tags of a filter that is only ``self::a or self::b ...``, else ()."""
    if not _TAG_TEST.fullmatch(text):
        return ()
    return tuple(dict.fromkeys(re.findall(r"self::([A-Za-z_][\w.-]*)", text)))


def select(
    tree: etree._Element, tags: tuple[str, ...], predicate: Predicate
) -> list[etree._Element]:
    """What ``.//*`` with the compiled filters selects under ``tree``, in document order."""
    return [el for el in tree.iterdescendants(*(tags or (etree.Element,))) if predicate(el)]


Selector = Callable[[etree._Element], list[etree._Element]]
_NAME_STEP = re.compile(r"\.//([A-Za-z_][\w.-]*)")
_FIRST = re.compile(r"\((.*)\)\s*\[\s*1\s*\]", re.S)  # (step)[1]
_FIRST_CHILD = re.compile(r"(.*)\[\s*1\s*\]", re.S)  # step[1]


def compile_path(path: str) -> Selector:
    """What the XPath ``path`` selects from an element, as a function, for paths made of
    steps (``.//*[...]`` with :func:`compile_filter`'s filters, or ``.//name``), each
    alone, as ``step[1]`` (a parent's first child passing the step's filters) or as
    ``(step)[1]`` (the first in document order), and unions (``|``) of these. Raises
    :class:`Unsupported` for any other path."""
    parts = [_compile_part(part.strip()) for part in _split_union(path)]
    if len(parts) == 1:
        return parts[0]

    def union(tree: etree._Element) -> list[etree._Element]:
        found = list(dict.fromkeys(el for part in parts for el in part(tree)))
        return sorted(found, key=_position) if len(found) > 1 else found

    return union


def _compile_part(part: str) -> Selector:
    first = _FIRST.fullmatch(part)
    step = first[1].strip() if first else part
    first_child = not first and _FIRST_CHILD.fullmatch(step)
    if first_child:
        step = first_child[1].strip()
    if name := _NAME_STEP.fullmatch(step):
        tags, predicate = (name[1],), _always
    else:
        tags, predicate = compile_filter(step)
    if first:
        return lambda tree: _first_match(tree, tags, predicate)
    if first_child:
        return lambda tree: _first_children(select(tree, tags, predicate))
    return lambda tree: select(tree, tags, predicate)


def _always(el: etree._Element) -> bool:
    return True


def _first_match(
    tree: etree._Element, tags: tuple[str, ...], predicate: Predicate
) -> list[etree._Element]:
    """The first element in document order that ``select`` would give (the walk stops
    there)."""
    for el in tree.iterdescendants(*(tags or (etree.Element,))):
        if predicate(el):
            return [el]
    return []


def _first_children(selected: list[etree._Element]) -> list[etree._Element]:
    """Of elements in document order, the first of each parent's."""
    parents: set[etree._Element] = set()
    out = []
    for el in selected:
        parent = el.getparent()
        if parent not in parents:
            parents.add(parent)
            out.append(el)
    return out


def _position(el: etree._Element) -> list[int]:
    """The element's place in document order: its child indexes from the root down."""
    indexes = []
    while (parent := el.getparent()) is not None:
        indexes.append(parent.index(el))
        el = parent
    return indexes[::-1]


def _split_union(path: str) -> list[str]:
    """``path`` cut at each ``|`` outside quotes, brackets and parentheses."""
    parts, depth, quote, start = [], 0, "", 0
    for i, char in enumerate(path):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char in "[(":
            depth += 1
        elif char in "])":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(path[start:i])
            start = i + 1
    parts.append(path[start:])
    return parts


# A compiled sub-expression: its XPath type and Python source computing it from ``el``
# (``g`` is ``el.get``). One attribute ("attr") is its value or None (an empty node-set);
# a union of attributes ("union") is the tuple of their names.
_ATTR, _UNION, _STRING, _BOOLEAN = "attr", "union", "string", "boolean"
_Value = tuple[str, str]


class _Parser:
    """Recursive descent over one filter (XPath 1.0 precedence: or, and, =/!=), writing
    the Python expression that computes it. Speed: one generated function per filter,
    not a closure per sub-expression (a call each cost more than the test)."""

    def __init__(self, text: str, constants: dict[str, Any], attributes: dict[str, str]) -> None:
        self.constants = constants
        self.attributes = attributes
        self.tokens: list[tuple[str, str]] = []
        pos = 0
        while pos < len(text) and not text[pos:].isspace():
            match = _TOKEN.match(text, pos)
            if not match:
                raise Unsupported(f"at {text[pos : pos + 20]!r}")
            kinds = ("string", "self", "below", "attr", "func", "word", "op")
            kind = next(k for k in kinds if match[k])
            value = {"self": match["tag"], "below": match["below_tag"], "attr": match["name"]}
            value = value.get(kind, match[kind])
            self.tokens.append((kind, value))
            pos = match.end()
        self.pos = 0

    def parse(self) -> str:
        value = self._or()
        if self.pos != len(self.tokens):
            raise Unsupported("trailing tokens")
        return _as_boolean(value)

    def attribute(self, name: str) -> str:
        """The local holding the element's attribute ``name`` (read once per element)."""
        return self.attributes.setdefault(name, f"a{len(self.attributes)}")

    def constant(self, value: Any) -> str:
        name = f"_c{len(self.constants)}"
        self.constants[name] = value
        return name

    def _peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def _take(self, kind: str, value: str | None = None) -> str:
        token = self._peek()
        if token is None or token[0] != kind or (value is not None and token[1] != value):
            raise Unsupported(f"expected {value or kind}, found {token}")
        self.pos += 1
        return token[1]

    def _or(self) -> _Value:
        return self._joined("or", self._and)

    def _and(self) -> _Value:
        return self._joined("and", self._equality)

    def _joined(self, word: str, operand: Callable[[], _Value]) -> _Value:
        """Operands joined by ``word`` (or, and), as Python's own operator."""
        parts = [operand()]
        while self._peek() == ("word", word):
            self.pos += 1
            parts.append(operand())
        if len(parts) == 1:
            return parts[0]
        return _BOOLEAN, "(" + f" {word} ".join(map(_as_boolean, parts)) + ")"

    def _equality(self) -> _Value:
        left = self._primary()
        token = self._peek()
        if token and token[0] == "op" and token[1] in ("=", "!="):
            self.pos += 1
            return self._compare(left, self._primary(), token[1] == "=")
        return left

    def _primary(self) -> _Value:
        token = self._peek()
        if token is None:
            raise Unsupported("unexpected end")
        kind, value = token
        self.pos += 1
        if kind == "string":
            return _STRING, repr(value[1:-1])
        if kind == "self":
            return _BOOLEAN, f"(el.tag == {value!r})"
        if kind == "below":
            # a node-set only ever tested for being empty here: its string value (the
            # first one's text) is refused where a string is needed, as a boolean is
            return _BOOLEAN, f"(next(el.iterdescendants({value!r}), None) is not None)"
        if kind == "attr":
            names = [value]
            while self._peek() == ("op", "|"):
                self.pos += 1
                names.append(self._take("attr"))
            names = list(dict.fromkeys(names))
            if len(names) == 1:
                return _ATTR, self.attribute(value)
            return _UNION, repr(tuple(names))
        if kind == "op" and value == "(":
            inner = self._or()
            self._take("op", ")")
            return inner
        if kind == "func":
            args = [self._or()]
            while self._peek() == ("op", ","):
                self.pos += 1
                args.append(self._or())
            self._take("op", ")")
            return self._call(value, args)
        raise Unsupported(f"unexpected {value!r}")

    def _compare(self, left: _Value, right: _Value, equal: bool) -> _Value:
        """``=``/``!=`` of a node-set or string with a string: true when some node's
        value compares so (XPath 1.0: an empty node-set never does)."""
        if left[0] == _STRING and right[0] in (_ATTR, _UNION):
            left, right = right, left
        if right[0] != _STRING or left[0] == _BOOLEAN:
            raise Unsupported("only node-sets and strings compared with a string")
        kind, source = left
        other = right[1]
        if kind == _ATTR:
            if equal:
                return _BOOLEAN, f"({source} == {other})"
            return _BOOLEAN, f"({source} not in (None, {other}))"
        if kind == _UNION:
            values = f"_values(el, {source})"
            if equal:
                return _BOOLEAN, f"({other} in {values})"
            return _BOOLEAN, f"any(v != {other} for v in {values})"
        return _BOOLEAN, f"({source} {'==' if equal else '!='} {other})"

    def _call(self, name: str, args: list[_Value]) -> _Value:
        if name == "not":
            if len(args) != 1:
                raise Unsupported("not() takes one argument")
            return _BOOLEAN, f"(not {_as_boolean(args[0])})"
        if name == "translate":
            if len(args) != 3 or args[1][0] != _STRING or args[2][0] != _STRING:
                raise Unsupported("translate() needs two literal strings")
            table = _translation(_literal(args[1]), _literal(args[2]))
            return _STRING, f"{_as_string(args[0])}.translate({self.constant(table)})"
        if name == "re:test" and len(args) in (2, 3):
            return self._regex_test(args)
        if len(args) != 2:
            raise Unsupported(f"{name}() takes two arguments")
        text, other = _as_string(args[0]), _as_string(args[1])
        if name == "contains":
            return _BOOLEAN, f"({other} in {text})"
        return _BOOLEAN, f"{text}.startswith({other})"  # starts-with

    def _regex_test(self, args: list[_Value]) -> _Value:
        """re:test(text, pattern[, flags]) as lxml runs it: the literal pattern compiled
        with re.UNICODE (and re.IGNORECASE for an "i" flag), then search()."""
        flags = re.UNICODE | (re.IGNORECASE if len(args) == 3 and "i" in _literal(args[2]) else 0)
        search = self.constant(re.compile(_literal(args[1]), flags).search)
        return _BOOLEAN, f"({search}({_as_string(args[0])}) is not None)"


def _literal(value: _Value) -> str:
    """A string literal's text (a computed string is not one)."""
    try:
        text = ast.literal_eval(value[1])
    except (ValueError, SyntaxError) as exc:
        raise Unsupported("a literal string is needed") from exc
    if not isinstance(text, str):
        raise Unsupported("a literal string is needed")
    return text


def _as_string(value: _Value) -> str:
    """XPath's string() of a sub-expression, as Python source."""
    kind, source = value
    if kind == _STRING:
        return source
    if kind == _ATTR:
        return f"({source} or '')"
    if kind == _UNION:
        return f"_first(el, {source})"
    raise Unsupported("a boolean used as a string")


def _as_boolean(value: _Value) -> str:
    """XPath's boolean() of a sub-expression, as Python source."""
    kind, source = value
    if kind == _BOOLEAN:
        return source
    if kind == _ATTR:
        return f"({source} is not None)"
    if kind == _UNION:
        return f"bool(_values(el, {source}))"
    return f"({source} != '')"


def _values(el: etree._Element, names: tuple[str, ...]) -> list[str]:
    """A union of attributes, in document order: the element's attribute order."""
    return [v for k, v in el.items() if k in names]


def _first(el: etree._Element, names: tuple[str, ...]) -> str:
    """The string value of a union of attributes: its first node's, "" when empty."""
    found = None
    for name in names:
        value = el.get(name)
        if value is not None:
            if found is not None:  # two of them: the element's attribute order decides
                return next(v for k, v in el.items() if k in names)
            found = value
    return found or ""


def _translation(source: str, target: str) -> dict[int, int | None]:
    """XPath translate(): each character of ``source`` becomes the one at its position in
    ``target``, or goes when ``target`` is shorter; a repeated one keeps its first place."""
    table: dict[int, int | None] = {}
    for i, char in enumerate(source):
        table.setdefault(ord(char), ord(target[i]) if i < len(target) else None)
    return table


# Gated stand-ins -------------------------------------------------------------------------

_ACTIVE: contextvars.ContextVar[bool] = contextvars.ContextVar("python_filters", default=False)


class GatedFilter:
    """Called like the ``etree.XPath`` it stands for: inside :func:`python_filters`, on
    an element, it selects with the compiled path; otherwise the XPath runs."""

    def __init__(self, xpath: etree.XPath) -> None:
        self.xpath = xpath
        self.path = xpath.path
        self.selector = compile_path(xpath.path)

    def __call__(self, tree: Any, **variables: Any) -> Any:
        if variables or not _ACTIVE.get() or not isinstance(tree, etree._Element):
            return self.xpath(tree, **variables)
        return self.selector(tree)

    def __repr__(self) -> str:
        return f"GatedFilter({self.path.strip()[:60]!r})"


@contextlib.contextmanager
def python_filters() -> Iterator[None]:
    """Within the block, installed stand-ins evaluate their compiled predicates."""
    token = _ACTIVE.set(True)
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def gate(expressions: list[Any]) -> list[Any]:
    """``expressions`` with each compilable XPath replaced by its gated stand-in."""
    out = []
    for expression in expressions:
        if isinstance(expression, etree.XPath):
            try:
                expression = GatedFilter(expression)
            except Unsupported as exc:
                log.debug("filter left to XPath (%s): %.60s", exc, expression.path.strip())
        out.append(expression)
    return out


# trafilatura's main extractor's expressions that run on every page: the article's
# candidates (main_extractor._extract), then the prunes of the chosen one
# (main_extractor.prune_unwanted_sections).
GATED = (
    "BODY_XPATH",
    "OVERALL_DISCARD_XPATH",
    "DISCARD_IMAGE_ELEMENTS",
    "TEASER_DISCARD_XPATH",
    "PRECISION_DISCARD_XPATH",
)


def install() -> None:
    """Put gated stand-ins into trafilatura's main extractor (once; idempotent). A name
    it no longer has, or holds in another form, is left alone."""
    from trafilatura import main_extractor

    for name in GATED:
        current = getattr(main_extractor, name, None)
        if isinstance(current, list) and not any(isinstance(e, GatedFilter) for e in current):
            setattr(main_extractor, name, gate(current))
