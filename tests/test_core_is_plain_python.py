"""resettle.core must stay free of Django so its logic is fast to test and reusable."""

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parent.parent / "resettle" / "core"


def test_it_imports_nothing_from_django():
    offenders = []
    for path in CORE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] == "django"]
    assert offenders == []
    assert any(CORE.rglob("*.py")), "the core package should not be empty"
