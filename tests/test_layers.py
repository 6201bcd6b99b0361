"""Every import arrow points down: guidesite -> articles -> careers -> programs -> core.

Read from the source (no import runs), so a new module is checked the day it is added.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Each package, and the project packages it may import (besides itself).
MAY_IMPORT = {
    "core": set(),
    "programs": {"core"},
    "careers": {"programs", "core"},
    "articles": {"careers", "programs", "core"},
    "guidesite": {"articles", "careers", "programs", "core"},
}
PROJECT = set(MAY_IMPORT)


def _modules(package):
    for path in sorted((ROOT / package).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def _imported_packages(node):
    """The top-level project packages an Import or ImportFrom node names (relative: none)."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        names = [node.module]
    else:
        return set()
    return {name.split(".")[0] for name in names} & PROJECT


def _imports(path):
    """(line, package, inside_function, function_name) for every project import in a file."""
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []

    def visit(node, function):
        for child in ast.iter_child_nodes(node):
            inner = function
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                inner = child.name
            if isinstance(child, ast.Import | ast.ImportFrom):
                relative = isinstance(child, ast.ImportFrom) and child.level > 0
                for package in _imported_packages(child) or ({"."} if relative else set()):
                    found.append((child.lineno, package, function))
            visit(child, inner)

    visit(tree, None)
    return found


def _where(path, line):
    return f"{path.relative_to(ROOT)}:{line}"


@pytest.mark.parametrize("package", list(MAY_IMPORT))
def test_no_package_imports_a_layer_above_it(package):
    upward = [
        f"{_where(path, line)} imports {imported}"
        for path in _modules(package)
        for line, imported, _function in _imports(path)
        if imported not in (".", package) and imported not in MAY_IMPORT[package]
    ]
    assert upward == [], "imports against the layers:\n" + "\n".join(upward)


@pytest.mark.parametrize("package", list(MAY_IMPORT))
def test_project_modules_are_imported_at_the_top_of_a_module(package):
    # The one exception is AppConfig.ready(): models cannot be imported before apps load.
    local = [
        f"{_where(path, line)} in {function}()"
        for path in _modules(package)
        for line, _imported, function in _imports(path)
        if function is not None and not (path.name == "apps.py" and function == "ready")
    ]
    assert local == [], "imports inside functions:\n" + "\n".join(local)


def test_the_layer_check_sees_an_upward_import(tmp_path):
    module = tmp_path / "views.py"
    module.write_text("from articles.models import Article\n\ndef f():\n    from . import x\n")
    assert _imports(module) == [(1, "articles", None), (4, ".", "f")]
