"""The domain packages import downward only (the contract is in pyproject.toml)."""

from __future__ import annotations

import pathlib
import shutil
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent


def test_packages_import_downward_only() -> None:
    lint_imports = shutil.which("lint-imports", path=str(pathlib.Path(sys.executable).parent))
    if lint_imports is None:
        pytest.fail("import-linter is a dev dependency: install it with `make dev`")
    result = subprocess.run([lint_imports, "--no-cache"], cwd=ROOT, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
