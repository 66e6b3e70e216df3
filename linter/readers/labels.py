"""The printed labels of a table's header and funding block, shared by every reader.

Labels are compared after ``normalize.compact`` (spaces removed, full-width folded), so
"项目 绩效 目标" and "其中：财政资金" match their entries here.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from ..normalize import compact

TITLE = re.compile(r"(项目支出)?绩效(目标(申报)?|自评)表")
YEAR = re.compile(r"^\(?(\d{4})年度?\)?$")

HEADER_FIELDS = {
    "项目名称": "project",
    "主管部门": "department",
    "实施单位": "unit",
    "项目类别": "category",
    "项目性质": "nature",
    "计划开始日期": "start_date",
    "计划完成日期": "end_date",
}

# 绩效目标表: two columns of amounts, the project's and the year's.
TARGET_FUNDS = {
    "项目资金总额": "project_total",
    "其中:财政资金": "project_fiscal",
    "财政资金": "project_fiscal",
    "年度资金申请总额": "annual_total",
    "其中:当年财政拨款": "annual_appropriation",
    "当年财政拨款": "annual_appropriation",
    "上年结转资金": "annual_carryover",
}
OTHER_FUNDS = "其他资金"  # appears in both columns: project_other / annual_other

# 自评表: rows of the funding block × its columns.
SELF_EVALUATION_FUND_ROWS = {
    "年度资金总额": "total",
    "其中:当年财政拨款": "appropriation",
    "当年财政拨款": "appropriation",
    "上年结转资金": "carryover",
    "其他资金": "other",
}
SELF_EVALUATION_FUND_COLUMNS = {
    "年初预算数": "initial_budget",
    "全年预算数": "budget",
    "全年执行数": "executed",
    "分值": "weight",
    "执行率": "execution_rate",
    "得分": "score",
}

TARGET_GOALS = {"项目总目标": "overall_goal", "年度总体目标": "annual_goal"}
SELF_EVALUATION_GOALS = {"预算目标": "annual_goal", "预期目标": "annual_goal", "年度目标": "annual_goal",
                         "实际完成情况": "actual_result"}
MAX_LABEL = 24  # "项目总目标(2022年-2022年)" is a label; a paragraph starting with it is not
GOAL_CAPTIONS = {"项目绩效目标", "年度总体目标", "年度", "总体目标", "年度总体", "目标"}

GRID_COLUMNS = {
    "一级指标": "level1",
    "二级指标": "level2",
    "三级指标": "name",
    "年度指标值": "value",
    "年度(项目)指标值": "value",
    "年度(/项目)指标值": "value",
    "指标值": "value",
    "实际完成值": "actual",
    "分值": "weight",
    "得分": "score",
    "偏差原因分析及改进措施": "reason",
}
TOTAL = "总分"
FUNDS_BLOCK = re.compile(r"^项目资金\((万元|元)\)$")
# Every key a table's ``funds`` may hold, in the order of the printed forms.
FUNDS_FIELDS = tuple(dict.fromkeys([*TARGET_FUNDS.values(), "project_other", "annual_other"])) + tuple(
    f"{row}.{column}" for row in dict.fromkeys(SELF_EVALUATION_FUND_ROWS.values())
    for column in SELF_EVALUATION_FUND_COLUMNS.values())


@lru_cache(maxsize=4096)
def goal_label(text: str, self_evaluation: bool) -> Optional[str]:
    key = compact(text)
    if len(key) > MAX_LABEL:  # a goal text that happens to begin with "项目总目标…"
        return None
    labels = SELF_EVALUATION_GOALS if self_evaluation else TARGET_GOALS
    for label, field in labels.items():
        if key.startswith(label):
            return field
    return None


@lru_cache(maxsize=65536)
def is_header_label(text: str) -> bool:
    key = compact(text)
    return (key in HEADER_FIELDS or key in TARGET_FUNDS or key == OTHER_FUNDS
            or key in SELF_EVALUATION_FUND_ROWS or key in SELF_EVALUATION_FUND_COLUMNS
            or bool(FUNDS_BLOCK.match(key)) or goal_label(key, False) is not None
            or goal_label(key, True) is not None)
