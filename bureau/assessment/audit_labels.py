"""The Chinese names of the keys the assessment stores in its JSON fields, for the audit trail (bureau.audit_labels).

One place for all of them. The keys are made in:
- bulletins.ranking_snapshot: a bulletin's snapshot, the ranking table as it stood;
- scoring._ranking_inputs: what a ranking's computation read beyond the records;
- indicators.py (each rule's `compute`, its empty inputs in registry.INDICATORS): the counts behind a score.
A key added there without a name here is shown as it is; tests/accounts/test_audit_chinese.py checks the indicator
inputs and the snapshot keys are all named.
"""

from bureau.assessment.models import IndicatorRule
from bureau.audit_labels import register_json_labels
from enterprises.models import RiskGrade

# The counts behind one indicator's value (IndicatorScore.inputs, and each score of a snapshot row).
INDICATOR_INPUTS = {
    "due": "应检企业",
    "done": "已检企业",
    "found": "排查隐患",
    "closed": "已销号隐患",
    "general": "逾期一般隐患",
    "major": "逾期重大隐患",
    "enterprises": "企业数",
    "checked": "已自查企业",
    "on_time": "按时报送企业",
    "cells": "网格数",
    "covered": "已落实责任人网格",
    "targets": "整治对象",
    "surveyed": "已排查对象",
    "completed": "已完成对象",
    "accidents": "事故起数",
    "deaths": "死亡人数",
}

# Ranking.inputs: the quarter's dates, the inspection intervals by grade, the scheme's id.
RANKING_INPUTS = {
    "quarter": "考核季度",
    "start": "起始日期",
    "end": "截止日期",
    "intervals": "检查周期（天）",
    "scheme": "考核方案编号",
    **{grade.value: grade.label for grade in RiskGrade},
}

# Bulletin.snapshot: the ranking table frozen into the bulletin.
SNAPSHOT = {
    "label": "季度",
    "quarter": "季度代码",
    "scheme": "考核方案",
    "computed_at": "计算时间",
    "indicators": "考核指标",
    "rows": "排名",
    "rank": "名次",
    "town": "镇街",
    "town_code": "镇街编码",
    "total": "总分",
    "score": "指标得分",
    "pre_deduction": "预扣分",
    "previous_rank": "上季度名次",
    "change": "名次变化",
    "change_label": "升降",
    "scores": "各指标得分",
    "rule": "计分规则",
    "name": "指标名称",
    "weight": "分值",
    "value": "指标值",
    "display": "指标值（显示）",
    "points": "得分",
    "explanation": "说明",
    "inputs": "计算依据",
    **INDICATOR_INPUTS,
}

RULES = {"rule": dict(IndicatorRule.choices)}


def register_audit_labels():
    register_json_labels("assessment.bulletin", "snapshot", SNAPSHOT, RULES)
    register_json_labels("assessment.ranking", "inputs", RANKING_INPUTS)
    register_json_labels("assessment.indicatorscore", "inputs", INDICATOR_INPUTS)
