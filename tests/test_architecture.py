"""ARCHITECTURE.md stays true: every library module has a row in its module table, imports
only what its row says it may touch, and the library knows nothing of Flask (the CLI, a
front end like the web app, only starts it for `ctsearch serve`); no import cycles among
the library's modules."""

from __future__ import annotations

import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LIBRARY = REPO / "search"
MODULES = sorted(p.stem for p in LIBRARY.glob("*.py") if p.stem != "__init__")


def _module_table() -> dict[str, set[str]]:
    """module -> the library modules its "may touch" cell names."""
    text = (REPO / "ARCHITECTURE.md").read_text("utf-8")
    section = text[text.index("## Modules"):]
    section = section[: section.index("\n## ", 1)]
    table = {}
    for line in section.splitlines():
        m = re.match(r"\|\s*`(\w+)`\s*\|.*\|([^|]*)\|\s*$", line)
        if m:
            table[m.group(1)] = set(re.findall(r"\w+", m.group(2))) & (set(MODULES) | {"web"})
    return table


def _imports(path: Path, *, top_level_only: bool = False) -> tuple[set[str], set[str]]:
    """(library modules imported, other top-level packages imported) by one file."""
    tree = ast.parse(path.read_text("utf-8"))
    nodes = tree.body if top_level_only else ast.walk(tree)
    library, other = set(), set()
    for node in nodes:
        if isinstance(node, ast.ImportFrom) and node.level == 1:       # from .x import y, from . import x
            library |= {node.module.split(".")[0]} if node.module else {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "ctsearch":
                library |= {a.name for a in node.names}
            elif node.module.startswith("ctsearch."):
                library.add(node.module.split(".")[1])
            else:
                other.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith("ctsearch."):
                    library.add(a.name.split(".")[1])
                else:
                    other.add(a.name.split(".")[0])
    return library, other


def test_every_library_module_has_a_row():
    missing = sorted(set(MODULES) - set(_module_table()))
    assert not missing, f"ARCHITECTURE.md's module table lacks {missing}"


def test_modules_import_only_what_their_row_allows():
    table = _module_table()
    wrong = {}
    for name in MODULES:
        library, _ = _imports(LIBRARY / f"{name}.py")
        extra = library - table.get(name, set()) - {name}
        if extra:
            wrong[name] = sorted(extra)
    assert not wrong, f"imports not in ARCHITECTURE.md's 'may touch' column: {wrong}"


def test_the_library_knows_nothing_of_flask():
    for name in MODULES:
        if name == "cli":
            continue
        library, other = _imports(LIBRARY / f"{name}.py")
        assert "web" not in library and not other & {"flask", "werkzeug", "jinja2"}, name


def test_no_import_cycles():
    graph = {name: _imports(LIBRARY / f"{name}.py", top_level_only=True)[0] & set(MODULES) - {name}
             for name in MODULES}
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                raise AssertionError("import cycle: " + " -> ".join(path[path.index(nxt):] + [node, nxt]))
            if nxt not in state:
                visit(nxt, path + [node])
        state[node] = 2

    for name in MODULES:
        if name not in state:
            visit(name, [])


def test_the_table_parser_reads_the_rows():
    # Guards the tests above against a reformatted table that parses as empty.
    table = _module_table()
    assert table["article"] == {"clean", "dates", "extract", "facetdefs", "ingest", "textnorm", "topics", "vnformat"}
    assert "textnorm" in table["extract"]
    # ... and the import reader sees the library's relative imports (it saw only
    # ``from ctsearch.x import``, which the library never writes: the check was empty)
    assert {"textnorm", "merger"} <= _imports(LIBRARY / "placequery.py")[0]
