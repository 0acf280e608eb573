"""Result rows are read by name, never by position (docs/development.md, "Reading rows"): `row.title` or
`row["title"]`, not `row[3]`, `*row[3:12]` or `offer_id, title = result.one()`. Adding a column to a shared
column list must not silently shift the meaning of another.

The rule is checked on the syntax of api/ and workers/: an integer index or slice on a plain name or
attribute, and tuple unpacking of what a SQLAlchemy result hands out, are refused. Integer indexes that
read no row (a string split, a tuple a function builds) are listed below by file and name, each with why."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.support.lint import lines_found

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = [path for folder in ("api", "workers") for path in sorted((ROOT / folder).rglob("*.py"))]
# Methods of SQLAlchemy results (and of psycopg cursors) whose answer is a row or rows.
ROW_METHODS = {"one", "first", "one_or_none", "fetchone", "fetchall", "fetchmany", "all", "execute", "partitions"}
MAX_COLUMNS = 100
# (file, expression) pairs indexed by position that are not result rows.
NOT_ROWS = {
    ("api/lib/auth.py", "authorization"),  # "Bearer <token>".split
    ("api/lib/client_address.py", "hops"),  # the X-Forwarded-For list
    ("api/lib/request_input.py", "found"),  # (field, problem) pairs the scanner builds
    ("api/lib/request_input.py", "token"),  # JSON tokens of the depth scanner
    ("api/core.py", "app_config.middleware"),  # Litestar's middleware list
    ("api/lib/middleware.py", "request.content_type"),  # Litestar's (media type, options) pair
    ("workers/tasks/matching.py", "written"),  # the row counts of the fan-out's statements
    ("workers/webpush.py", "_SENDER"),  # the per-process sender tuple
    ("workers/webpush.py", "cached"),  # (header, expiry) cache entries
    ("workers/webpush.py", "error"),  # pycurl's (code, message) error tuple
    ("api/domain/volunteers/ranking.py", "clock"),  # (hour, minute) of a parsed time
    ("api/domain/volunteers/ranking.py", "candidate.category_ids"),  # a list of ids
    ("api/domain/offers/prechecks.py", "term"),  # a word list entry
    ("api/domain/places/services.py", "entry"),  # a gazetteer tuple
    ("api/domain/offers/services.py", "after.ids"),  # the offer ids a search cursor carries
}


def _findings(path: Path) -> list[str]:
    relative = str(path.relative_to(ROOT))
    tree = ast.parse(path.read_text())
    results, rows = _result_names(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name | ast.Attribute):
            index = node.slice
            # Indexes a row could have (a dict keyed by status codes is no row), and slices that skip columns
            # (`row[3:12]`; `text[:100]` cuts a string).
            positional = (
                isinstance(index, ast.Constant) and type(index.value) is int and 0 <= index.value < MAX_COLUMNS
            ) or (isinstance(index, ast.UnaryOp) and isinstance(index.operand, ast.Constant)) or (
                isinstance(index, ast.Slice) and isinstance(index.lower, ast.Constant) and index.lower.value != 0
            )
            name = ast.unparse(node.value)
            if positional and (relative, name) not in NOT_ROWS and not name.isupper() and not name.endswith("_EXAMPLE"):
                found.append(f"{relative}:{node.lineno}: {ast.unparse(node)}")
        targets: list[ast.expr] = []
        value: ast.expr | None = None
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.For | ast.AsyncFor | ast.comprehension):
            targets, value = [node.target], node.iter
        for target in targets:
            if isinstance(target, ast.Tuple) and (_is_result(value) or _names(value) & results):
                found.append(f"{relative}:{getattr(node, 'lineno', target.lineno)}: {ast.unparse(target)} = …")
        if isinstance(node, ast.Starred) and _names(node.value) & rows:
            found.append(f"{relative}:{node.lineno}: {ast.unparse(node)}")
    return found


def _names(value: ast.expr | None) -> set[str]:
    return {value.id} if isinstance(value, ast.Name) else set()


def _result_names(tree: ast.AST) -> tuple[set[str], set[str]]:
    """Names a result is kept under in the file (`events = connection.execute(…).all()`), and names its rows
    are iterated as (`for row in events`): unpacking or spreading those (`for a, b in events`, `Row(*row)`)
    reads by position as well."""
    results: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and _is_result(node.value):
            results.update(target.id for target in node.targets if isinstance(target, ast.Name))
    rows: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.For | ast.AsyncFor | ast.comprehension) and isinstance(node.target, ast.Name) \
                and (_is_result(node.iter) or _names(node.iter) & results):
            rows.add(node.target.id)
    return results, rows


def _is_result(value: ast.expr | None) -> bool:
    """Whether an expression is a result's rows or row: `….one()`, `await session.execute(…)`, `….all()`."""
    while isinstance(value, ast.Await):
        value = value.value
    return isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and value.func.attr in ROW_METHODS


def test_no_result_row_is_read_by_position() -> None:
    findings = [finding for path in SHIPPED for finding in _findings(path)]
    assert findings == [], f"{len(findings)} positional row reads:\n" + "\n".join(findings)


def test_the_rule_finds_what_it_is_meant_to() -> None:
    lines = lines_found(
        _findings,
        "async def f(session, result, rows):\n"
        "    row = (await session.execute(q)).one()\n"
        "    a = row[3]\n"
        "    b = [*row[3:12]]\n"
        "    offer_id, title = (await session.execute(q)).one()\n"
        "    for x, y in result.all():\n"
        "        pass\n"
        "    c = row.title\n"
        "    d = row['title']\n"
        "    events = (await session.execute(q)).all()\n"
        "    for event_id, kind in events:\n"
        "        pass\n"
        "    ids = [event_id for event_id, _ in events]\n"
        "    made = [Made(*event) for event in events]\n"
        "    fine = [Made(**event._mapping) for event in events]\n"
    )
    assert lines == [3, 4, 5, 6, 11, 13, 14]
