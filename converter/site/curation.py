"""The curator's settings: one validated, frozen object from ``extra.curation`` in mkdocs.yml.

```yaml
extra:
  curation:
    publish: full        # full | excerpt: what an article page publishes
    period: week         # week | month: one digest issue per ISO week or calendar month
    excerpt_chars: 200   # excerpt mode: the most of an article's opening quoted
```

The settings live under ``extra`` because MkDocs refuses unknown top-level keys in
``--strict`` mode; the CLI's ``--publish`` wins over the file.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Literal

from ..errors import UsageError

PublishMode = Literal["full", "excerpt"]
Period = Literal["week", "month"]
PUBLISH_MODES: tuple[PublishMode, ...] = ("full", "excerpt")
PERIODS: tuple[Period, ...] = ("week", "month")
# The key under ``extra`` in mkdocs.yml.
CONFIG_KEY = "curation"
# Folder of notes, beside mkdocs.yml; issue intros are in its ``digests/`` sub-folder.
NOTES_DIR = "notes"
INTROS_DIR = "digests"


@dataclass(frozen=True)
class Curation:
    publish: PublishMode = "full"
    period: Period = "week"
    # About two or three sentences: a quotation, never a substitute for the article.
    excerpt_chars: int = 120
    notes_dir: Path = Path(NOTES_DIR)

    @property
    def excerpt(self) -> bool:
        return self.publish == "excerpt"


def curation_settings(
    raw_config: dict[str, Any], config_file: Path, publish: str | None = None
) -> Curation:
    """The settings from the raw mkdocs.yml mapping; ``publish`` (the CLI's) overrides.

    Raises :class:`UsageError` listing every bad key at once."""
    extra = raw_config.get("extra") or {}
    data = extra.get(CONFIG_KEY) if isinstance(extra, dict) else None
    where = f"{config_file}: extra.{CONFIG_KEY}"
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise UsageError(f"{where} must be a mapping")
    known = [f.name for f in fields(Curation) if f.name != "notes_dir"]
    problems = []
    for key in data:
        if key not in known:
            close = difflib.get_close_matches(str(key), known, n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            problems.append(f"unknown key {key!r}{hint}")
    values = {k: v for k, v in data.items() if k in known}
    if publish is not None:
        values["publish"] = publish
    problems += _check(values)
    if problems:
        raise UsageError(f"{where}: " + "; ".join(problems))
    return Curation(**values, notes_dir=config_file.parent / NOTES_DIR)


def _check(values: dict[str, Any]) -> list[str]:
    problems = []
    if "publish" in values and values["publish"] not in PUBLISH_MODES:
        problems.append(f"publish must be one of {', '.join(PUBLISH_MODES)}")
    if "period" in values and values["period"] not in PERIODS:
        problems.append(f"period must be one of {', '.join(PERIODS)}")
    chars = values.get("excerpt_chars", 120)
    if not isinstance(chars, int) or isinstance(chars, bool) or not 20 <= chars <= 2000:
        problems.append("excerpt_chars must be a whole number from 20 to 2000")
    return problems
