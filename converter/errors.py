"""The project's exceptions. Every error a user can cause carries the source path.

The public API (``extract_article``, ``convert``, ``build``) raises only these; the CLI
turns them into one-line messages and exit code 1 (2 for :class:`UsageError`).
"""

from __future__ import annotations


class DigestError(Exception):
    """Base class: something about one input or one run went wrong."""

    def __init__(self, message: str, path: str | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.message = message

    def __str__(self) -> str:
        """One line: ``path: reason`` (a reason never spans lines)."""
        message = " ".join(self.message.split())
        return f"{self.path}: {message}" if self.path else message


class UsageError(DigestError):
    """Bad command-line arguments or settings (exit code 2)."""


class InputError(DigestError):
    """A source page cannot be read or decoded (empty, binary, unreadable, too large)."""


class NoArticleError(DigestError):
    """The page was read, but holds no article (login wall, 404 page, bare listing)."""


class ProfileError(DigestError):
    """A site profile file is invalid."""


class SiteError(DigestError):
    """Building the site failed (MkDocs or the search indexer reported an error)."""


class InternalError(DigestError):
    """A bug met on one input: an unexpected exception, wrapped so the batch goes on."""

    def __init__(self, exc: BaseException, path: str | None = None) -> None:
        detail = str(exc).splitlines()[0][:200] if str(exc) else ""
        name = type(exc).__name__
        super().__init__(
            f"internal error: {name}{': ' + detail if detail else ''}; rerun with --debug",
            path,
        )
