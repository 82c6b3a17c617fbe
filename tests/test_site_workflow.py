"""The GitHub Pages workflow: valid against GitHub's schema, and deploys the right way."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import yaml

WORKFLOW = Path(__file__).resolve().parents[1] / ".github" / "workflows" / "pages.yml"


def test_workflow_matches_github_schema() -> None:
    exe = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))
    cmd = [exe] if exe else [sys.executable, "-m", "check_jsonschema"]
    result = subprocess.run(
        [*cmd, "--builtin-schema", "vendor.github-workflows", str(WORKFLOW)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflow_builds_with_digest_and_deploys_with_pages_actions() -> None:
    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    triggers = flow[True] if True in flow else flow["on"]  # YAML 1.1 reads `on` as true
    assert triggers["push"]["branches"] == ["main"] and "workflow_dispatch" in triggers
    assert flow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert flow["concurrency"]["group"]
    steps = [s for job in flow["jobs"].values() for s in job["steps"]]
    uses = [s.get("uses", "").split("@")[0] for s in steps]
    for action in (
        "actions/checkout",
        "actions/setup-python",
        "actions/configure-pages",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    ):
        assert action in uses, action
    runs = " ".join(s.get("run", "") for s in steps)
    assert "pip install ." in runs and "digest build" in runs
    assert "gh-deploy" not in runs
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages"))
    assert upload["with"]["path"] == "site"
