"""Every string a person reads, in Chinese and English."""

from __future__ import annotations

import os
from collections.abc import Mapping

LANGUAGES = ("zh", "en")

MESSAGES: dict[str, tuple[str, str]] = {
    "app.title": ("drift 绩效监控", "drift monitoring"),
    "app.loading": ("正在读取 {path} …", "Reading {path} …"),
    "app.read_only": ("只读：{reason}", "read-only: {reason}"),
    "app.projects": ("{count} 个项目 · 版本 {revision}", "{count} projects · revision {revision}"),
    "key.quit": ("退出", "Quit"),
    "col.code": ("项目代码", "Code"),
    "col.name": ("项目名称", "Name"),
    "col.department": ("主管部门", "Department"),
    "col.year": ("预算年度", "Year"),
    "col.status_date": ("状态日期", "Status date"),
    "col.annual_budget": ("年度预算(万元)", "Annual budget (万元)"),
    "cli.created_default": ("已用内置样例创建数据文件 {path}", "created {path} from the bundled sample"),
    "cli.imported": (
        "已导入 {count} 个项目到 {path}（版本 {revision}）",
        "imported {count} project(s) into {path} (revision {revision})",
    ),
    "cli.valid": ("{path}：有效，{count} 个项目", "{path}: valid, {count} project(s)"),
    "cli.initialised": ("已创建 {path}，{count} 个项目", "created {path} with {count} project(s)"),
    "cli.empty_store": ("{path} 中还没有项目", "no projects in {path} yet"),
    # Analysis: lights, phase status, indicator outcomes, likelihood (drift/*).
    "light.green": ("绿灯", "green"),
    "light.yellow": ("黄灯", "yellow"),
    "light.red": ("红灯", "red"),
    "phase.not_started": ("未开始", "not started"),
    "phase.in_progress": ("进行中", "in progress"),
    "phase.done": ("已完成", "done"),
    "phase.started_late": ("开始滞后", "started late"),
    "phase.finishing_late": ("预计延期", "finishing late"),
    "phase.overdue": ("逾期未完成", "overdue"),
    "outcome.met": ("达到", "met"),
    "outcome.not_met": ("未达到", "not met"),
    "outcome.undetermined": ("无法判断", "undetermined"),
    "outcome.qualitative": ("定性", "qualitative"),
    "outcome.missing": ("无数据", "no value"),
    "likelihood.certain": ("确定能", "certain"),
    "likelihood.possible": ("有可能", "possible"),
    "likelihood.impossible": ("完全不可能", "impossible"),
    "likelihood.none": ("未填", "not stated"),
    "unit.days": ("天", "days"),
    "unit.months": ("个月", "months"),
    "budget.total": ("合计", "total"),
    "budget.figures": (
        "已支出 {paid} / {budget} 万元 · 已过 {elapsed} / {total} 天",
        "paid {paid} of {budget} 万元 · {elapsed} of {total} days",
    ),
    "budget.figures_months": (
        "已支出 {paid} / {budget} 万元 · 已过 {elapsed} / {total} 个月",
        "paid {paid} of {budget} 万元 · {elapsed} of {total} months",
    ),
    # `drift status` and `drift check` (tui/status.py).
    "status.as_of": ("截至 {date}", "as of {date}"),
    "status.overall": ("总体", "Overall"),
    "status.schedule": ("进度", "Schedule"),
    "status.budget": ("资金", "Budget"),
    "status.execution": ("预算执行", "Execution"),
    "status.earned_value": ("挣值", "Earned value"),
    "status.indicators": ("绩效指标", "Indicators"),
    "status.flags": ("需关注", "Flags"),
    "status.no_flags": ("无偏差", "no deviations"),
    "status.completion": (
        "推算完工 {completion}，计划 {planned}，偏差 {slip} 天",
        "completion {completion} against the planned {planned}: {slip} days",
    ),
    "status.forecast_mark": ("≈ 为推算日期", "≈ marks a forecast date"),
    "status.time_progress": (
        "序时进度 {percent}%（{elapsed} / {total} {unit}）",
        "time progress {percent}% ({elapsed} of {total} {unit})",
    ),
    "status.at_risk": ("有风险 {count}", "at risk {count}"),
    "status.ev_incomplete": (
        "缺少支出计划或完成百分比的指标显示为 —",
        "figures that need a spending plan or percent complete show —",
    ),
    "status.no_project": ("{path} 中没有项目 {code}", "no project {code} in {path}"),
    "status.col.phase": ("阶段", "Phase"),
    "status.col.planned": ("计划", "Planned"),
    "status.col.start": ("开始", "Start"),
    "status.col.finish": ("完成", "Finish"),
    "status.col.start_slip": ("开始偏差天数", "Start Δd"),
    "status.col.finish_slip": ("完成偏差天数", "Finish Δd"),
    "status.col.status": ("状态", "Status"),
    "status.col.source": ("资金来源", "Source"),
    "status.col.budget": ("年度预算", "Budget"),
    "status.col.allocated": ("下达", "Allocated"),
    "status.col.paid": ("支出", "Paid"),
    "status.col.paid_of_allocated": ("支出/下达 %", "Paid/ allocated %"),
    "status.col.paid_of_budget": ("执行率 %", "Paid/ budget %"),
    "status.col.trail": ("落后序时 百分点", "Behind time, points"),
    "status.col.needed": ("月均需支出", "Needed per month"),
    "status.col.remaining": ("尚需支出", "To pay"),
    "status.col.light": ("灯", "Light"),
    "status.col.figures": ("依据", "Figures"),
    "status.col.indicator": ("指标", "Indicator"),
    "status.col.target": ("指标值", "Target"),
    "status.col.to_date": ("完成情况", "To date"),
    "status.col.forecast": ("全年预计", "Forecast"),
    "status.col.likelihood": ("可能性", "Likelihood"),
    "status.col.outcome": ("预计结果", "Forecast outcome"),
    "status.col.slip": ("进度偏差(天)", "Slip (days)"),
    "status.col.risks": ("风险指标", "Indicators at risk"),
    "status.col.flags": ("提示", "Flags"),
    "status.col.measure": ("项目", "Measure"),
    "status.col.value": ("数值", "Value"),
    "status.ev.percent_complete": ("完成百分比", "Percent complete"),
    "check.summary": (
        "{count} 项偏差达到或超过{level}（共 {projects} 个项目）",
        "{count} deviation(s) at or above {level} in {projects} project(s)",
    ),
    # Flags: one sentence per stable flag code (drift/flags.py describe()).
    "flag.schedule.finished_late": (
        "{name}完成晚于计划 {slip_days} 天：实际 {finish}，计划 {planned_end}",
        "{name} finished {slip_days} days late: {finish} against the planned {planned_end}",
    ),
    "flag.schedule.forecast_late": (
        "{name}预计 {finish} 完成，比计划 {planned_end} 晚 {slip_days} 天",
        "{name} is forecast to finish {finish}, {slip_days} days after the planned {planned_end}",
    ),
    "flag.schedule.overdue": (
        "{name}计划 {planned_end} 完成，已逾期 {overdue_days} 天仍未完成；预计 {forecast} 完成，晚 {slip_days} 天",
        "{name} was due {planned_end} and is {overdue_days} days overdue; forecast {forecast}, {slip_days} days late",
    ),
    "flag.schedule.completion_late": (
        "项目预计 {completion} 完工，比计划 {planned} 晚 {slip_days} 天",
        "the project is forecast to finish {completion}, {slip_days} days after the planned {planned}",
    ),
    "flag.schedule.expectation_behind_forecast": (
        "监控方预计{name} {expected} 前完成，但按进度推算为 {forecast}，晚 {gap_days} 天",
        "the monitor expects {name} to finish by {expected}, but the forecast is {forecast}, {gap_days} days later",
    ),
    "flag.schedule.milestone_mismatch": (
        "里程碑“{event}”日期为 {event_date}，与{name}记录的日期 {recorded} 不一致",
        "milestone “{event}” is dated {event_date}, but {name} records {recorded}",
    ),
    "flag.budget.behind_time": (
        "{name}：预算执行率 {paid_pct}% 落后序时进度 {time_pct}% 共 {trail_points} 个百分点"
        "（已支出 {paid} / {budget} 万元 · 已过 {elapsed} / {total} {unit}）",
        "{name}: {paid_pct}% of the budget paid against {time_pct}% time progress, {trail_points} points behind"
        " (paid {paid} of {budget} 万元 · {elapsed} of {total} {unit})",
    ),
    "flag.budget.checkpoint_missed": (
        "{name}：截至 {checkpoint} 累计支出应达到年度预算的 {required_pct}%，实际 {paid_pct}%",
        "{name}: by {checkpoint} at least {required_pct}% of the budget should be paid; it is {paid_pct}%",
    ),
    "flag.budget.paid_exceeds_allocated": (
        "{name}：支出 {paid} 万元超过下达数 {allocated} 万元",
        "{name}: paid {paid} 万元, more than the {allocated} 万元 allocated",
    ),
    "flag.budget.allocated_exceeds_budget": (
        "{name}：下达 {allocated} 万元超过年度预算 {budget} 万元",
        "{name}: allocated {allocated} 万元, more than the annual budget of {budget} 万元",
    ),
    "flag.indicator.certain_without_progress": (
        "{name}：完成情况为 {to_date}、进度为红灯，却判断“确定能”完成",
        "{name}: judged certain to be met, yet nothing is done ({to_date}) and the schedule light is red",
    ),
    "flag.indicator.forecast_contradicts_schedule": (
        "{name}：全年预计 {forecast}，但推算完工日 {completion} 晚于计划 {planned}",
        "{name}: forecast {forecast}, but the project is computed to finish {completion}, after the planned {planned}",
    ),
    "flag.indicator.missing_deviation_cause": (
        "{name}：有偏差（指标值 {target}，完成情况 {to_date}，全年预计 {forecast}），未填偏差原因",
        "{name}: deviates (target {target}, to date {to_date}, forecast {forecast}) but no deviation cause is given",
    ),
    "flag.indicator.forecast_short": (
        "{name}：全年预计 {forecast} 达不到指标值 {target}",
        "{name}: the forecast {forecast} falls short of the target {target}",
    ),
    "flag.indicator.impossible": (
        "{name}：监控方判断“完全不可能”达到指标值 {target}",
        "{name}: the monitor judges the target {target} impossible to meet",
    ),
}


def detect_language(environ: Mapping[str, str] = os.environ) -> str:
    """zh when the locale says Chinese, else en; the first set of LC_ALL, LC_MESSAGES, LANG wins."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def t(key: str, lang: str, **values: object) -> str:
    """The message for key in lang, with {placeholders} filled."""
    zh, en = MESSAGES[key]
    text = zh if lang == "zh" else en
    return text.format(**values) if values else text
