"""Whoosh's private internals the fast paths rely on are all still there.

They are gathered in search/whoosh_internals.py; a Whoosh upgrade that renames one
fails here, by name, rather than somewhere inside a search.
"""

from __future__ import annotations

import ast
from pathlib import Path

import whoosh

from ctsearch.whoosh_internals import missing_internals
from ctsearch.store import open_index

SEARCH = Path(__file__).resolve().parent.parent / "search"


def test_every_private_whoosh_name_is_present(seeds_index):
    assert whoosh.versionstring() == "2.7.4"
    ix = open_index(seeds_index)
    try:
        assert missing_internals(ix) == []
    finally:
        ix.close()


def test_reports_a_name_that_disappeared(seeds_index, monkeypatch):
    from whoosh.codec import whoosh3
    monkeypatch.delattr(whoosh3.W3LeafMatcher, "_next_block")
    ix = open_index(seeds_index)
    try:
        assert "whoosh.codec.whoosh3.W3LeafMatcher._next_block" in missing_internals(ix)
    finally:
        ix.close()


def test_no_other_module_touches_whoosh_privates():
    """Outside whoosh_internals, no module imports a private Whoosh name or reaches
    into one of the private attributes the fast paths use."""
    offenders = []
    for path in SEARCH.glob("*.py"):
        if path.name == "whoosh_internals.py":
            continue
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("whoosh"):
                offenders += [f"{path.name}: {a.name}" for a in node.names if a.name.startswith("_")]
            if isinstance(node, ast.Attribute) and node.attr in ("_atend", "_data", "_maxid", "_weights",
                                                                  "_perdoc", "_read_toc", "_retype",
                                                                  "_read_data", "_read_weights", "_next_block",
                                                                  "_dbfile", "_basepos", "_cached_reader"):
                offenders.append(f"{path.name}:{node.lineno}: .{node.attr}")
    assert offenders == []
