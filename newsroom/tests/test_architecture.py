"""The layout's rules, checked: what may import what, no hidden state, one migration history.

See "Architecture" in the README.
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from django.db.migrations.loader import MigrationLoader

ROOT = Path(__file__).resolve().parents[2]
APPS = ["newsroom", "people", "articles"]


def modules(package: str, *, tests: bool = False):
    for path in sorted((ROOT / package).rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if "migrations" in parts or (not tests and "tests" in parts):
            continue
        yield path, ast.parse(path.read_text(encoding="utf-8"))


def imported_packages(tree) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_people_never_imports_articles():
    offenders = [
        str(path.relative_to(ROOT))
        for path, tree in modules("people", tests=True)
        if "articles" in imported_packages(tree)
    ]
    assert offenders == []


def test_the_core_imports_no_feature_app_except_the_root_urls():
    offenders = [
        str(path.relative_to(ROOT))
        for path, tree in modules("newsroom")
        if path.name != "urls.py" and imported_packages(tree) & {"articles", "people"}
    ]
    assert offenders == []


@pytest.mark.parametrize("app", APPS)
def test_no_global_statement_and_no_lookup_by_name_in_app_code(app):
    found = []
    for path, tree in modules(app):
        for node in ast.walk(tree):
            if isinstance(node, ast.Global):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} global")
            if (
                isinstance(node, ast.Attribute)
                and node.attr == "get_model"
                and getattr(node.value, "id", "") == "apps"
                and path.name != "roles.py"  # runs on a migration's historical models
            ):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} apps.get_model")
    assert found == []


def test_each_app_has_one_migration_leaf_and_no_merge_migration():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for app in APPS:
        leaves = [name for label, name in loader.graph.leaf_nodes() if label == app]
        assert len(leaves) == 1, f"{app}: {leaves} (rebase a branch's migrations, never merge)"
        for (label, name), migration in loader.disk_migrations.items():
            if label == app:
                parents = [dep for dep in migration.dependencies if dep[0] == app]
                assert len(parents) <= 1, f"{app}.{name} is a merge migration"


def test_parser_and_recogniser_import_no_django():
    code = (
        "import sys, articles.recognition, articles.ingestion.parser, "
        "articles.ingestion.decode; "
        "print(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
