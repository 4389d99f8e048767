"""The layer rule: no import runs back up the stack (see docs/architecture.md).

Packages stack config → embeddings → retrieval → bot, and inside retrieval the stages stack
types/errors → store → ingest → index → query → library → evaluation. A module may import its
own layer or any layer below it, never one above. Discord belongs to bot/ alone.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

PACKAGE_RANKS = {"config": 0, "embeddings": 1, "retrieval": 2, "bot": 3}
RETRIEVAL_RANKS = {
    "retrieval.types": 0,
    "retrieval.errors": 0,
    "retrieval.store": 1,
    "retrieval.ingest": 2,
    "retrieval.index": 3,
    "retrieval.query": 4,
    "retrieval.library": 5,
    "retrieval.evaluation": 6,
}
# The package's own __init__ only holds its docstring; it ranks with the foundations.
RETRIEVAL_PACKAGE_RANK = 0
DISCORD_FREE = ("config", "embeddings", "retrieval")


@dataclass(frozen=True)
class Import:
    """One import statement's target module, resolved to an absolute dotted name."""

    target: str
    line: int


def module_name(path: Path, root: Path) -> str:
    """Return the dotted module name of a source file under the project root."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(module: str, source: str, *, is_package: bool) -> list[Import]:
    """Every name a source imports, wherever the statement sits (functions, TYPE_CHECKING).

    Relative imports are resolved against the module's package; `from pkg import name` yields
    `pkg.name`, so `from retrieval import query` ranks as the query stage it names.
    """
    package = module if is_package else module.rpartition(".")[0]
    found: list[Import] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [Import(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, *([base] if base else [])])
            found += [
                Import(base if alias.name == "*" else f"{base}.{alias.name}", node.lineno)
                for alias in node.names
            ]
    return found


def _retrieval_rank(module: str) -> int | None:
    if module == "retrieval":
        return RETRIEVAL_PACKAGE_RANK
    stage = ".".join(module.split(".")[:2])
    return RETRIEVAL_RANKS.get(stage)


def _arrow_problem(importer: str, target: str) -> str | None:
    """Why importing `target` from `importer` breaks the layers, or None when it is fine."""
    top, target_top = importer.split(".")[0], target.split(".")[0]
    if target_top == "discord" and top in DISCORD_FREE:
        return f"Discord belongs to bot/ only, not {top}/"
    if target_top not in PACKAGE_RANKS:
        return None  # the standard library or a third-party package
    if PACKAGE_RANKS[target_top] > PACKAGE_RANKS[top]:
        return f"{top} sits below {target_top}"
    if top == target_top == "retrieval":
        own, theirs = _retrieval_rank(importer), _retrieval_rank(target)
        if own is None or theirs is None:
            unranked = importer if own is None else target
            return f"{unranked} has no layer: add its stage to RETRIEVAL_RANKS"
        if theirs > own:
            return f"{importer.split('.')[1]} sits below {target.split('.')[1]}"
    return None


def layer_violations(module: str, source: str, *, is_package: bool = False) -> list[str]:
    """Describe each import in a module's source that runs back up the layers."""
    problems = []
    for found in imports_of(module, source, is_package=is_package):
        problem = _arrow_problem(module, found.target)
        if problem:
            problems.append(f"{module}:{found.line} imports {found.target} ({problem})")
    return problems


def _source_files(root: Path) -> list[Path]:
    return sorted(p for name in PACKAGE_RANKS for p in (root / name).rglob("*.py"))


def test_no_import_runs_back_up_the_layers(project_root: Path) -> None:
    files = _source_files(project_root)
    scanned = {module_name(p, project_root).split(".")[0] for p in files}
    assert scanned == set(PACKAGE_RANKS), f"found no sources for {set(PACKAGE_RANKS) - scanned}"
    problems = [
        problem
        for path in files
        for problem in layer_violations(
            module_name(path, project_root),
            path.read_text(encoding="utf-8"),
            is_package=path.stem == "__init__",
        )
    ]
    assert not problems, "imports that run back up the layers:\n  " + "\n  ".join(problems)


def test_the_checker_catches_upward_arrows() -> None:
    # Guards against a checker that passes because it sees nothing.
    upward = """
from typing import TYPE_CHECKING
from retrieval.types import Article
from retrieval.store.sqlite import Store
import numpy

if TYPE_CHECKING:
    from retrieval.query.search import Searcher

def late() -> None:
    import bot.cli
    from ..library import facade
    import discord
"""
    problems = layer_violations("retrieval.index.live", upward)
    assert len(problems) == 4, problems
    line_8 = (
        "retrieval.index.live:8 imports retrieval.query.search.Searcher (index sits below query)"
    )
    assert line_8 in problems
    assert any("imports bot.cli (retrieval sits below bot)" in p for p in problems)
    assert any("imports retrieval.library.facade (index sits below library)" in p for p in problems)
    assert any("imports discord (Discord belongs to bot/ only" in p for p in problems)


def test_the_checker_allows_its_own_layer_and_those_below() -> None:
    downward = """
from config import Settings
from embeddings import Embedder
from retrieval.index.live import LiveIndex
from retrieval.query import search
from . import adding
"""
    assert layer_violations("retrieval.library.facade", downward) == []
    assert layer_violations("bot.app", "import discord\nfrom bot.cogs import ask" + downward) == []
    assert layer_violations("embeddings.base", "from retrieval import types") == [
        "embeddings.base:1 imports retrieval.types (embeddings sits below retrieval)"
    ]


def test_the_checker_resolves_relative_imports_in_a_package_init() -> None:
    assert layer_violations("retrieval.store", "from ..query import search", is_package=True) == [
        "retrieval.store:1 imports retrieval.query.search (store sits below query)"
    ]


def test_the_checker_names_an_unranked_retrieval_stage() -> None:
    problems = layer_violations("retrieval.scoring", "from retrieval.types import Article")
    assert problems == [
        "retrieval.scoring:1 imports retrieval.types.Article "
        "(retrieval.scoring has no layer: add its stage to RETRIEVAL_RANKS)"
    ]
