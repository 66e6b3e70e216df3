"""Template variables: the ``{name}`` of a rule's message, suggestion and fix.

A variable is a field of the row or the table ({value}, {year}), a value only Python can work out
(COMPUTED: {count_unit}, {target_unit}, …), or one declared as data in rules/variables/ — ordered
cases over a row ({rewrite}) or over the table ({deadline_example}), the first that holds gives the
text. Which variables a template needs, its declared variables' own ones first, is compiled once per
pack (``needs``); a finding computes only those.
"""
from __future__ import annotations

import re
from typing import Callable, Dict, Iterable, List, NamedTuple, Optional, Sequence, Tuple

from ..model.table import EMPTY, HEADER_FIELDS, Table
from ..util.errors import RuleError
from ..util.normalize import canon
from . import rewrite
from .context import ROW_FIELDS, Context
from .conditions import Predicate

TABLE_FIELDS = HEADER_FIELDS + ("year", "title", "kind")
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_.]*)\}")


class Case(NamedTuple):
    """One case of a template variable: when it holds, its text; ``fill`` fills the text's blanks."""

    test: Optional[Predicate]
    text: str
    fill: tuple = ()


class Variable(NamedTuple):
    scope: str          # "row": its cases read the row; "table": the table
    cases: List[Case]


def _count_unit(values: "Values", ctx: Context, found: Dict[str, str]) -> str:
    text = canon(ctx.row.name.text)
    return next((unit for word, unit in values.count_units.items() if word in text), rewrite.UNIT_BLANK)


# Row variables worked out in Python, and what each reads of the others.
COMPUTED: Dict[str, Callable[["Values", Context, Dict[str, str]], str]] = {
    "count_unit": _count_unit,
    "dimension_label": lambda values, ctx, found: values.labels.get(ctx.dimension, ""),
    "label_dimension": lambda values, ctx, found: values.labels.get(
        values.categories.dimension_of_label(ctx.row.level2.text), ""),
    "target_unit": lambda values, ctx, found: rewrite.target_unit(ctx.row.value.text, ctx.row.measure_unit.text),
    "unit_rewrite": lambda values, ctx, found: rewrite.keeping_number(found.get("rewrite", ""), ctx.row.value.text),
}
COMPUTED_NEEDS = {"unit_rewrite": ("rewrite",)}
TABLE_VALUES: Dict[str, Callable[[Table], str]] = {
    "year": lambda table: str(table.year_number or "__"),
    "kind": lambda table: table.kind,
    "title": lambda table: table.title.text,
    **{name: (lambda table, name=name: table.header.get(name, EMPTY).text) for name in HEADER_FIELDS},
}


def placeholders(template: str) -> List[str]:
    return _PLACEHOLDER.findall(template)


def render(template: str, variables: Dict[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda m: str(variables.get(m.group(1), "")), template)


def check_placeholders(template: str, names: Iterable[str], where: tuple) -> None:
    for name in placeholders(template):
        if name not in names:
            raise RuleError(f"模板中的“{{{name}}}”不是可用的字段；可用：{'、'.join(sorted(names))}", where)


def compile_variables(documents, compiler_for: Callable[[str, str], object]) -> Dict[str, Variable]:
    """The variables of rules/variables/: a row variable's text may name the row's and the table's
    fields, the computed values and the table variables; a table variable's only the table's fields."""
    docs = [doc for doc in documents if doc["kind"] == "variable"]
    table_names = [doc["data"]["variable"] for doc in docs if doc["data"].get("scope") == "table"]
    variables: Dict[str, Variable] = {}
    for doc in sorted(docs, key=lambda d: d["data"].get("scope") != "table"):
        data, where = doc["data"], (doc["path"],)
        name, scope = data["variable"], data.get("scope", "row")
        if name in variables or name in ROW_FIELDS or name in TABLE_FIELDS or name in COMPUTED:
            raise RuleError(f"模板变量“{name}”重复定义或与字段重名", where + ("variable",))
        names = set(TABLE_FIELDS)
        if scope == "row":
            names |= set(ROW_FIELDS) | set(table_names) | (set(COMPUTED) - set(COMPUTED_NEEDS))
        compiler = compiler_for(scope, doc["path"])
        cases = []
        for i, case in enumerate(data["cases"]):
            check_placeholders(case["text"], names, where + ("cases", i, "text"))
            test = compiler.compile(case["when"], where + ("cases", i, "when")) if "when" in case else None
            cases.append(Case(test, case["text"], tuple(case.get("fill", ()))))
        variables[name] = Variable(scope, cases)
    return variables


def needs(templates: Sequence[str], variables: Dict[str, Variable]) -> Tuple[str, ...]:
    """The variables the templates name, each after those it is made from (a counterpart's
    ``other.NAME`` stands alone: the engine reads it off the other table)."""
    return names_needed((name for template in templates for name in placeholders(template)), variables)


def names_needed(names: Iterable[str], variables: Dict[str, Variable]) -> Tuple[str, ...]:
    ordered: Dict[str, None] = {}

    def add(name: str) -> None:
        if name in ordered:
            return
        for used in COMPUTED_NEEDS.get(name, ()):
            add(used)
        if name in variables:
            for case in variables[name].cases:
                for used in placeholders(case.text):
                    add(used)
        ordered[name] = None

    for name in names:
        add(name)
    return tuple(ordered)


class Values:
    """The values of the variables a finding needs, for a row (or the table) of a table. ``whole``
    is the table as its table rules see it, for the table variables' cases."""

    def __init__(self, variables: Dict[str, Variable], categories, count_units: Dict[str, str]):
        self.variables, self.categories, self.count_units = variables, categories, count_units
        self.labels = categories.names

    def of(self, names: Sequence[str], ctx: Context, whole: Context) -> Dict[str, str]:
        found: Dict[str, str] = {}
        for name in names:
            found[name] = self.value(name, ctx, whole, found)
        return found

    def value(self, name: str, ctx: Context, whole: Context, found: Dict[str, str]) -> str:
        """One variable; "" for one a check or a rule's params supply (the finding fills those in)."""
        row = ctx.row
        if row is not None and name in ROW_FIELDS:
            return getattr(row, name).text
        if name in TABLE_VALUES:
            return TABLE_VALUES[name](ctx.table)
        variable = self.variables.get(name)
        if variable is not None:
            if variable.scope == "table":
                return render(self.case(name, whole).text, found)
            return render(self.case(name, ctx).text, found) if row is not None else ""
        if name in COMPUTED and row is not None:
            return COMPUTED[name](self, ctx, found)
        return ""

    def readable_across(self, name: str) -> bool:
        """Whether a counterpart table gives the variable: its fields, its row's, its table variables."""
        return name in ROW_FIELDS or name in TABLE_VALUES or self.scope(name) == "table"

    def scope(self, name: str) -> Optional[str]:
        variable = self.variables.get(name)
        return variable.scope if variable is not None else None

    def case(self, name: str, ctx: Context) -> Case:
        """The first case of a template variable that holds."""
        return next((case for case in self.variables[name].cases if case.test is None or case.test(ctx)),
                    Case(None, ""))
