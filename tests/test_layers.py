"""The dependency direction of docs/architecture.md, read from the import statements: the core
(`kmut`) imports no app, and no app or the core imports the demo data or the benchmark
(decision 0032)."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ["actors", "roundtable", "volunteers", "consultations", "reporting"]


def _imported_packages(package: str) -> dict[str, set[str]]:
    """Top-level package of every absolute import, by file, in a package's own modules."""
    found = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        names = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
        found[str(path.relative_to(ROOT))] = names
    return found


def _offenders(package: str, forbidden: set[str]) -> dict[str, list[str]]:
    return {
        path: sorted(names & forbidden)
        for path, names in _imported_packages(package).items()
        if names & forbidden
    }


def test_the_core_imports_no_app():
    assert _imported_packages("kmut"), "kmut has no modules to check"
    assert _offenders("kmut", {*APPS, "demo", "bench"}) == {}


@pytest.mark.parametrize("app", APPS)
def test_no_app_imports_the_demo_data_or_the_benchmark(app):
    assert _imported_packages(app), f"{app} has no modules to check"
    assert _offenders(app, {"demo", "bench"}) == {}


def test_the_demo_data_is_one_module_per_app_outside_the_apps():
    for app in APPS:
        assert not (ROOT / app / "demo.py").exists()
    assert {path.stem for path in (ROOT / "demo").glob("*.py")} >= set(APPS)
