"""The project's shape: the import contracts hold, and no import hides inside a function.

The layers are declared once, in pyproject.toml ([tool.importlinter]); `lint-imports`
checks them. A lower layer importing an upper one (a cycle in the making) fails here.
"""
from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("params", "landscapes", "optim", "app")


def test_import_contracts_hold():
    exe = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    if not Path(exe).exists():
        pytest.fail("lint-imports is missing: pip install '.[test]' brings import-linter")
    out = subprocess.run([exe, "--config", str(ROOT / "pyproject.toml"), "--no-cache"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]
    assert "BROKEN" not in out.stdout and " 0 broken" in out.stdout


def _nested_imports(path: Path) -> list[str]:
    """Import statements that are not at module level (inside a def or a class)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []

    def visit(node, depth):
        for child in ast.iter_child_nodes(node):
            inner = depth + isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef))
            if isinstance(child, (ast.Import, ast.ImportFrom)) and depth:
                found.append(f"{path.relative_to(ROOT)}:{child.lineno}")
            visit(child, inner)
    visit(tree, 0)
    return found


def test_no_import_hides_in_a_function():
    """An import inside a function is how a cycle hides from the contracts: none anywhere."""
    found = [hit for pkg in PACKAGES for p in sorted((ROOT / pkg).rglob("*.py")) for hit in _nested_imports(p)]
    assert not found, "imports inside functions: " + ", ".join(found)


def test_nested_import_finder_sees_one():
    """The check above can fail (it is not vacuous)."""
    src = ROOT / "tests" / "data" / "_nested_import_probe.py"
    src.write_text("import os\n\ndef f():\n    import json\n    return json\n", encoding="utf-8")
    try:
        assert _nested_imports(src) == [f"{src.relative_to(ROOT)}:4"]
    finally:
        src.unlink()
