"""The user guide stays true: the README's command-line examples marked as seed examples find
something on an index of the shipped seeds, and every relative link of README.md and docs/*.md
leads to a file (and, with an anchor, to a heading) that exists."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest

from ctsearch.cli import main

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"
DOCS = sorted((REPO / "docs").glob("*.md"))
SEEDS = REPO / "seeds"
MARK = "<!-- seed-examples -->"


def seed_examples() -> list[list[str]]:
    """The ``ctsearch query`` and ``ctsearch complete`` lines of each ``sh`` block that follows
    the mark, as argument lists (comments dropped)."""
    text = README.read_text("utf-8")
    blocks = re.findall(re.escape(MARK) + r"\n```sh\n(.*?)```", text, re.S)
    examples = []
    for block in blocks:
        for line in block.splitlines():
            words = shlex.split(line, comments=True)
            if words[:1] == ["ctsearch"] and words[1:2] in (["query"], ["complete"]):
                examples.append(words[1:])
    return examples


@pytest.fixture(scope="module")
def seeds_index_dir(tmp_path_factory) -> Path:
    ix = tmp_path_factory.mktemp("readme-seeds") / "index"
    assert main(["index", str(SEEDS), "--index-dir", str(ix), "--quiet"]) == 0
    return ix


def test_the_readme_marks_its_seed_examples():
    examples = seed_examples()
    assert sum(e[0] == "query" for e in examples) >= 10, examples
    assert sum(e[0] == "complete" for e in examples) >= 3, examples


@pytest.mark.parametrize("argv", seed_examples(), ids=lambda argv: " ".join(argv))
def test_a_readme_example_finds_something_on_the_seeds(argv, seeds_index_dir, capsys):
    extra = ["--index-dir", str(seeds_index_dir)] + ([] if "--json" in argv else ["--json"])
    code = main(argv + extra)
    out, err = capsys.readouterr()
    assert code == 0, err
    answer = json.loads(out)
    if argv[0] == "query":
        assert answer["total"] >= 1 and answer["hits"], f"nothing found: {answer}"
    else:
        assert answer["completions"], f"nothing offered: {answer}"


# --- links ------------------------------------------------------------------------------------

LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")


def prose(text: str) -> str:
    """``text`` without its fenced code blocks and inline code."""
    text = re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)
    return re.sub(r"`[^`\n]*`", "", text)


def anchors(path: Path) -> set[str]:
    """The anchors GitHub gives the headings of ``path``: lower case, punctuation dropped,
    spaces as hyphens, a repeated one numbered."""
    out: set[str] = set()
    text = re.sub(r"^```.*?^```", "", path.read_text("utf-8"), flags=re.S | re.M)
    for heading in re.findall(r"^#{1,6} (.+?)\s*$", text, re.M):
        slug = re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")
        candidate, n = slug, 0
        while candidate in out:
            n += 1
            candidate = f"{slug}-{n}"
        out.add(candidate)
    return out


def relative_links(path: Path) -> list[str]:
    return [target for target in LINK.findall(prose(path.read_text("utf-8")))
            if not re.match(r"[a-z][a-z0-9+.-]*:", target)]


@pytest.mark.parametrize("path", [README, *DOCS], ids=lambda p: str(p.relative_to(REPO)))
def test_every_relative_link_leads_somewhere(path):
    broken = []
    for target in relative_links(path):
        file, _, anchor = target.partition("#")
        dest = (path.parent / file).resolve() if file else path
        if not dest.exists():
            broken.append(target)
        elif anchor and dest.suffix == ".md" and anchor not in anchors(dest):
            broken.append(target)
    assert not broken, f"{path.relative_to(REPO)}: links to nothing: {broken}"


def test_the_readme_links_to_every_reference_file():
    assert DOCS, "docs/*.md"
    linked = {(README.parent / t.partition("#")[0]).resolve() for t in relative_links(README)}
    assert not [d.name for d in DOCS if d.resolve() not in linked]
