"""The layers read lib → registry, organisations, accounts → networks → features → api and web.

renkei/lib is a leaf: it imports no app. The notifications app delivers what the feature apps
hand it, so it imports none of them. Tests sit on top of everything and are not checked.
"""

import ast
from pathlib import Path

import pytest

RENKEI = Path(__file__).resolve().parents[2]
FEATURES = {"board", "events", "news", "matching", "partnerships"}


def _modules(folder: Path):
    # Not templates: makemessages leaves a passing "page.html.py" beside each one it reads.
    skipped = {"tests", "migrations", "templates"}
    for path in sorted(folder.rglob("*.py")):
        if not skipped & set(path.relative_to(folder).parts) and path.suffixes == [".py"]:
            yield path


def _name(path: Path) -> str:
    return str(path.relative_to(RENKEI))


def _imported(path: Path) -> set[str]:
    """The renkei packages a module imports, at its top or inside a function: {"board", "lib", …}."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name.split(".")[1] for name in names if name.startswith("renkei.")}


def test_the_checker_sees_imports_inside_functions(tmp_path):
    module = tmp_path / "module.py"
    module.write_text("import renkei.networks.models\n\ndef f():\n    from renkei import board\n")
    assert _imported(module) == {"networks", "board"}


@pytest.mark.parametrize("path", list(_modules(RENKEI / "lib")), ids=_name)
def test_lib_imports_no_app(path):
    assert _imported(path) <= {"lib"}


@pytest.mark.parametrize("path", list(_modules(RENKEI / "notifications")), ids=_name)
def test_notifications_import_no_feature_app(path):
    assert not _imported(path) & FEATURES
