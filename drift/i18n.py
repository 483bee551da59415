"""Every string a person reads, in Chinese and English."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from decimal import Decimal

from store.errors import ENGLISH, DriftError, ValidationError, Words, formatted

LANGUAGES = ("zh", "en")

MESSAGES: dict[str, tuple[str, str]] = {
    "app.title": ("drift 绩效监控", "drift monitoring"),
    "app.loading": ("正在读取 {path} …", "Reading {path} …"),
    "app.reading": (
        "已读取 {count} 个项目，仍在读取 {path} …",
        "{count} {count:plural project|projects} so far, still reading {path} …",
    ),
    "app.read_only": ("只读：{reason}", "read-only: {reason}"),
    "app.projects": (
        "{count} 个项目 · 版本 {revision}",
        "{count} {count:plural project|projects} · revision {revision}",
    ),
    "key.quit": ("退出", "Quit"),
    "col.code": ("项目代码", "Code"),
    "col.name": ("项目名称", "Name"),
    "col.department": ("主管部门", "Department"),
    "col.year": ("预算年度", "Year"),
    "col.status_date": ("状态日期", "Status date"),
    "col.phase": ("阶段", "Phase"),
    "col.planned": ("计划", "Planned"),
    "col.status": ("状态", "Status"),
    "col.source": ("资金来源", "Source"),
    "col.light": ("灯", "Light"),
    "col.figures": ("依据", "Figures"),
    "col.risks": ("风险指标", "Indicators at risk"),
    "col.flags": ("提示", "Flags"),
    "col.measure": ("项目", "Measure"),
    "col.annual_budget": ("年度预算(万元)", "Annual budget (万元)"),
    "cli.created_default": (
        "正在显示内置样例：已用它创建数据文件 {path}（drift import 文件 导入你的项目；--store 或配置文件指定其他数据文件）",
        "showing the bundled sample: created {path} from it (drift import FILE adds your projects; --store or the "
        "config file names another store)",
    ),
    "migrate.moved": (
        "已将 {projects} 个项目和 {entries} 条历史记录（版本 {revision}）移至 {target}",
        "moved {projects} {projects:plural project|projects} and {entries} history "
        "{entries:plural entry|entries} (revision {revision}) to {target}",
    ),
    "migrate.moved_with_rules": (
        "已将 {projects} 个项目、{entries} 条历史记录和存储的规则（版本 {revision}）移至 {target}",
        "moved {projects} {projects:plural project|projects}, {entries} history "
        "{entries:plural entry|entries} and the store's rules (revision {revision}) to {target}",
    ),
    "cli.imported": (
        "已导入 {count} 个项目到 {path}（版本 {revision}）",
        "imported {count} {count:plural project|projects} into {path} (revision {revision})",
    ),
    "cli.valid": ("{path}：有效，{count} 个项目", "{path}: valid, {count} {count:plural project|projects}"),
    "cli.invalid_files": (
        "{total} 个文件中有 {count} 个无效",
        "{count} of {total} {total:plural file|files} {count:plural is|are} invalid",
    ),
    "cli.initialised": ("已创建 {path}，{count} 个项目", "created {path} with {count} {count:plural project|projects}"),
    "cli.no_store": (
        "{problem}；请用 `drift init` 或 `drift import FILE` 创建",
        "{problem}; create it with `drift init` or `drift import FILE`",
    ),
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
    # Time progress with its basis, beside every time-progress figure (drift.budget.time_text).
    "time.progress": ("{percent}%（{basis} {elapsed}/{total}）", "{percent}% ({basis} {elapsed}/{total})"),
    "time.basis.days": ("按日", "days"),
    "time.basis.months": ("按月", "months"),
    # The monitored span a report draft names, from the as-of date and the basis (drift.markdown.snapshot).
    "period.month": ("{year}年1月", "{year}, month 1"),
    "period.months": ("{year}年1–{month}月", "{year}, months 1–{month}"),
    "period.months_across": ("{year}年1月至{end_year}年{month}月", "{year}, month 1 to {end_year}, month {month}"),
    "period.days": ("{start}至{end}", "{start} to {end}"),
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
        "completion {completion} against the planned {planned}: {slip} {slip:plural day|days}",
    ),
    "status.forecast_mark": ("≈ 为推算日期", "≈ marks a forecast date"),
    "status.time_progress": ("序时进度 {progress}", "time progress {progress}"),
    "status.at_risk": ("有风险 {count}", "at risk {count}"),
    "status.ev_incomplete": (
        "缺少支出计划或完成百分比的指标显示为 —",
        "figures that need a spending plan or percent complete show —",
    ),
    "status.no_project": ("{path} 中没有项目 {code}", "no project {code} in {path}"),
    "status.col.start": ("开始", "Start"),
    "status.col.finish": ("完成", "Finish"),
    "status.col.start_slip": ("开始偏差天数", "Start Δd"),
    "status.col.finish_slip": ("完成偏差天数", "Finish Δd"),
    "status.col.budget": ("年度预算", "Budget"),
    "status.col.allocated": ("下达", "Allocated"),
    "status.col.paid": ("支出", "Paid"),
    "status.col.paid_of_allocated": ("支出/下达 %", "Paid/ allocated %"),
    "status.col.paid_of_budget": ("执行率 %", "Paid/ budget %"),
    "status.col.trail": ("落后序时 百分点", "Behind time, points"),
    "status.col.needed": ("月均需支出", "Needed per month"),
    "status.col.remaining": ("尚需支出", "To pay"),
    "status.col.indicator": ("指标", "Indicator"),
    "status.col.target": ("指标值", "Target"),
    "status.col.to_date": ("完成情况", "To date"),
    "status.col.forecast": ("全年预计", "Forecast"),
    "status.col.likelihood": ("可能性", "Likelihood"),
    "status.col.outcome": ("预计结果", "Forecast outcome"),
    "status.col.slip": ("进度偏差(天)", "Slip (days)"),
    "status.col.value": ("数值", "Value"),
    "status.ev.percent_complete": ("完成百分比", "Percent complete"),
    "check.summary": (
        "{count} 项偏差达到或超过{level}（共 {projects} 个项目）",
        "{count} {count:plural deviation|deviations} at or above {level} in {projects} {projects:plural project|projects}",
    ),
    # Flags: one sentence per stable flag code (drift/flags.py describe()).
    "flag.schedule.finished_late": (
        "{name}完成晚于计划 {slip_days} 天：实际 {finish}，计划 {planned_end}",
        "{name} finished {slip_days} {slip_days:plural day|days} late: {finish} against the planned {planned_end}",
    ),
    "flag.schedule.forecast_late": (
        "{name}预计 {finish} 完成，比计划 {planned_end} 晚 {slip_days} 天",
        "{name} is forecast to finish {finish}, {slip_days} {slip_days:plural day|days} after the planned {planned_end}",
    ),
    "flag.schedule.overdue": (
        "{name}计划 {planned_end} 完成，已逾期 {overdue_days} 天仍未完成；预计 {forecast} 完成，晚 {slip_days} 天",
        "{name} was due {planned_end} and is {overdue_days} {overdue_days:plural day|days} overdue; forecast {forecast}, {slip_days} {slip_days:plural day|days} late",
    ),
    "flag.schedule.completion_late": (
        "项目预计 {completion} 完工，比计划 {planned} 晚 {slip_days} 天",
        "the project is forecast to finish {completion}, {slip_days} {slip_days:plural day|days} after the planned {planned}",
    ),
    "flag.schedule.expectation_behind_forecast": (
        "监控方预计{name} {expected} 前完成，但按进度推算为 {forecast}，晚 {gap_days} 天",
        "the monitor expects {name} to finish by {expected}, but the forecast is {forecast}, {gap_days} {gap_days:plural day|days} later",
    ),
    "flag.schedule.milestone_mismatch": (
        "里程碑“{event}”日期为 {event_date}，与{name}记录的日期 {recorded} 不一致",
        "milestone “{event}” is dated {event_date}, but {name} records {recorded}",
    ),
    "flag.budget.behind_time": (
        "{name}：预算执行率 {paid_pct}% 落后序时进度 {time_pct}% 共 {trail_points} 个百分点"
        "（已支出 {paid} / {budget} 万元 · 已过 {elapsed} / {total} {unit}）",
        "{name}: {paid_pct}% of the budget paid against {time_pct}% time progress, {trail_points} {trail_points:plural point|points} behind"
        " (paid {paid} of {budget} 万元 · {elapsed} of {total} {unit})",
    ),
    "flag.budget.checkpoint_missed_of_allocated": (
        "{name}：截至 {checkpoint} 累计支出应达到下达数的 {required_pct}%（无年度预算），实际 {paid_pct}%",
        "{name}: by {checkpoint} at least {required_pct}% of what was allocated should be paid (no annual budget);"
        " it is {paid_pct}%",
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
    # Recording progress (tui/commands/, tui/screens/forms.py).
    "edit.saved": ("已保存为版本 {revision}（{by}）", "saved as revision {revision} by {by}"),
    "edit.nothing": ("没有变化，未保存", "nothing changed; nothing saved"),
    "edit.undone": (
        "已撤销版本 {target}，保存为版本 {revision}（{by}）",
        "undid revision {target}; saved as revision {revision} by {by}",
    ),
    "edit.who": (
        "不知道是谁在修改：请设置 $USER 或使用 --by 姓名",
        "who is making this change? set $USER or pass --by NAME",
    ),
    "edit.choose_project": (
        "{path} 中有 {count} 个项目，请用 --project 项目代码 指定一个",
        "{path} holds {count} projects; choose one with --project CODE",
    ),
    "edit.dry_run": (
        "试运行：将新增 {count} 笔支出，未保存",
        "dry run: {count} {count:plural payment|payments} would be added; nothing saved",
    ),
    "edit.csv_bad_rows": (
        "{file}：{count} 行有误，未保存任何内容",
        "{file}: {count} bad {count:plural row|rows}; nothing was saved",
    ),
    "edit.csv_already": ("{file}:{line}：该笔支出已记录，跳过", "{file}:{line}: already recorded; skipped"),
    "edit.csv_nothing_new": ("{file}：没有新的支出", "{file}: no new payments"),
    "edit.csv_format": (
        "{encoding}，以 {separator} 分隔，{headers}：{header}",
        "{encoding}, {separator}-separated, {headers}: {header}",
    ),
    "edit.csv_tab": ("制表符", "tab"),
    "edit.csv_headers.zh": ("中文表头", "Chinese headers"),
    "edit.csv_headers.en": ("英文表头", "English headers"),
    "edit.csv_yuan": ("金额以元计，已折算为万元", "amounts in 元, converted to 万元"),
    "key.save": ("保存", "Save"),
    "form.payments.add": ("新增支出", "New payment"),
    "form.payments.edit": ("修改支出 {id}", "Edit payment {id}"),
    "form.allocations.add": ("新增下达", "New allocation"),
    "form.allocations.edit": ("修改下达 {id}", "Edit allocation {id}"),
    "form.phase": ("实际日期：{name}", "Actual dates: {name}"),
    "form.indicator": ("完成情况：{name}（指标值 {target}）", "Progress: {name} (target {target})"),
    "form.status_date.title": ("状态日期：{name}", "Status date: {name}"),
    "form.date": ("日期", "Date"),
    "form.source": ("资金来源", "Source"),
    "form.reported.title": ("录入报告的累计数：{name}", "A cumulative figure the report states: {name}"),
    "form.reported.date": ("截至日期", "As of"),
    "form.reported.allocated": ("累计下达", "Allocated by then"),
    "form.reported.paid": ("累计支出", "Paid by then"),
    "form.reported.neither": ("请填写累计下达、累计支出或两者", "give what was allocated, paid, or both"),
    "key.reported": ("累计数", "Figure"),
    "key.reported_edit": ("改累计数", "Edit figure"),
    "form.reported.edit": ("修改报告的累计数 {id}", "Edit the reported figure {id}"),
    "code.made": ("{code}（drift 生成）", "{code} (made by drift)"),
    "money.whole_project": ("整个项目（未分来源）", "whole project (not split by source)"),
    "budget.not_known": ("未知", "not known"),
    "budget.not_said": ("未说明", "not said"),
    "budget.not_split": ("未分来源", "not split"),
    "budget.in_total_only": ("只计入合计", "counted in the total only"),
    "budget.advance": ("提前下达", "advance"),
    "budget.carried_over_paid": ("（结转资金支出）", "(carried-over money)"),
    "md.col.reported_date": ("截至日期", "As of"),
    "md.col.reference": ("出处", "Where stated"),
    "md.reported": ("报告的累计数", "Cumulative figures reported"),
    "money.figure.allocated": ("下达", "allocated"),
    "money.figure.paid": ("支出", "paid"),
    "budget.basis.allocated": (
        "（无年度预算，按下达数计算）",
        "(no annual budget: measured against what was allocated)",
    ),
    "form.amount": ("金额（万元）", "Amount (万元)"),
    "form.voucher": ("凭证号", "Voucher"),
    "form.document": ("文号", "Document no."),
    "form.description": ("摘要", "Description"),
    "form.actual_start": ("实际开始", "Actual start"),
    "form.actual_end": ("实际完成", "Actual end"),
    "form.to_date": ("完成情况", "To date"),
    "form.forecast": ("全年预计", "Forecast"),
    "form.likelihood": ("完成可能性", "Likelihood"),
    "form.cause": ("偏差原因", "Deviation cause"),
    "form.remark": ("备注", "Remark"),
    "form.cause_kinds": ("原因类别", "Cause kinds"),
    "form.final": ("实际完成值", "Final value"),
    "form.weight": ("分值", "Weight"),
    "form.grade": ("评定(定性)", "Grade"),
    "form.points": ("得分(定性)", "Score"),
    "form.status_date": ("状态日期", "Status date"),
    "form.choose": ("请选择", "choose"),
    "form.required": ("必填", "required"),
    "form.outside_money_years": (
        "不在 {first}–{last} 年内（本年度资金可提前一年下达、结转后一年支付）",
        "outside {first}–{last} (money may be allocated a year ahead and paid a year after)",
    ),
    "form.end_before_start": ("早于实际开始日期 {start}", "before the actual start {start}"),
    "form.hint": ("Enter 保存 · Esc 取消", "Enter saves · Esc cancels"),
    "log.empty": ("还没有修改记录", "no changes recorded yet"),
    "log.undoes": ("（撤销版本 {revision}）", "(undoes revision {revision})"),
    "flag.indicator.impossible": (
        "{name}：监控方判断“完全不可能”达到指标值 {target}",
        "{name}: the monitor judges the target {target} impossible to meet",
    ),
    # `drift export` and the export screen: the Markdown renderer (drift/markdown/), tui/export.py,
    # tui/screens/export.py. Values are escaped before they are filled in, so these strings are Markdown.
    "md.headline": ("概览", "Headline"),
    "md.overall": ("总体", "Overall"),
    "md.schedule": ("进度", "Schedule"),
    "md.budget": ("资金", "Budget"),
    "md.indicators": ("绩效指标", "Indicators"),
    "md.flags": ("需关注", "Flags"),
    "md.no_flags": ("无偏差。", "No deviations."),
    "md.flag_line": ("{light}：{text}", "{light}: {text}"),
    "md.earned_value": ("挣值", "Earned value"),
    "md.percent_complete": ("完成百分比", "% complete"),
    "md.at_risk": ("有风险 {count}", "at risk {count}"),
    "md.time_progress": ("序时进度 {progress}", "Time progress {progress}"),
    "md.col.year": ("预算年度", "Budget year"),
    "md.col.start_slip": ("开始偏差（天）", "Start slip (days)"),
    "md.col.finish_slip": ("完成偏差（天）", "Finish slip (days)"),
    "md.col.likelihood": ("完成目标可能性", "Likelihood"),
    "md.as_of": ("状态日期", "As of"),
    "md.period": ("监控时段", "Monitoring period"),
    "md.period_span": ("{label}（{span}）", "{label} ({span})"),
    "md.until": ("截至 {date}", "to {date}"),
    "md.unit": ("建设单位", "Implementing unit"),
    "md.monitor": ("监控机构", "Monitor"),
    "md.monitor_for": ("{organisation}（受{client}委托）", "{organisation} (commissioned by {client})"),
    "md.flag_counts": (
        "{count} 项提示：红灯 {red}，黄灯 {yellow}",
        "{count} {count:plural flag|flags}: {red} red, {yellow} yellow",
    ),
    "md.paid_against_time": (
        "预算执行率 {paid}%，序时进度 {time}",
        "{paid}% of the budget paid against time progress of {time}",
    ),
    "md.completion": (
        "实际完工 {completion}，计划 {planned}，偏差 {slip} 天",
        "Finished {completion} against the planned {planned}: {slip} {slip:plural day|days}",
    ),
    "md.completion_forecast": (
        "推算完工 {completion}，计划 {planned}，偏差 {slip} 天",
        "Forecast completion {completion} against the planned {planned}: {slip} {slip:plural day|days}",
    ),
    "md.col.actual": ("实际", "Actual"),
    "md.col.forecast": ("推算", "Forecast"),
    "md.finished_on": ("{date} 完成", "finished {date}"),
    "md.finishes_on": ("{date} 完成", "finishes {date}"),
    "md.budget_heading": ("资金（万元）", "Budget (万元)"),
    "md.started_on": ("{date} 开始", "started {date}"),
    "md.expectation": (
        "监控方预计{name} {date} 前完成：{text}",
        "The monitor expects {name} to finish by {date}: {text}",
    ),
    "md.milestones": ("里程碑", "Milestones"),
    "md.milestone_slip": ("计划 {planned}，偏差 {slip} 天", "planned {planned}, {slip} {slip:plural day|days}"),
    "md.gantt": ("甘特图", "Gantt chart"),
    "md.gantt_title": ("计划与实际（截至 {date}）", "Plan and actual as of {date}"),
    "md.gantt_plan": ("计划", "Plan"),
    "md.gantt_actual": ("实际与推算", "Actual and forecast"),
    "md.gantt_legend": (
        "图例：done 为已完成，active 为进行中，crit 为完成日期延误 {days} 天及以上；"
        "未记录开始日期的已完成阶段只在完成日标出，不画实际条。",
        "Legend: done is finished, active is under way, crit finishes {days} {days:plural day|days} late or more;"
        " a finished phase with no recorded start is marked at its finish only, with no actual bar.",
    ),
    "md.col.budget": ("年度预算", "Annual budget"),
    "md.col.allocated": ("下达数", "Allocated"),
    "md.col.paid": ("支出数", "Paid"),
    "md.col.forecast_spend": ("预计支出数", "Forecast"),
    "md.col.paid_of_allocated": ("支出/下达 %", "Paid/allocated %"),
    "md.col.paid_of_budget": ("预算执行率 %", "Paid/budget %"),
    "md.col.time_progress": ("序时进度 %", "Time progress %"),
    "md.col.trail": ("落后序时（百分点）", "Gap (points)"),
    "md.total": ("合计", "Total"),
    "md.total_budget": ("项目总预算 {amount} 万元", "Project budget (all years): {amount} 万元"),
    "md.total_budget_paid": (
        "项目总预算 {amount} 万元，已支出占 {paid}%",
        "Project budget (all years): {amount} 万元, {paid}% of it paid",
    ),
    "budget.year_end": (
        "年末（{date}）累计下达 {allocated} 万元、支出 {paid} 万元，结转 {carried} 万元；此后支出 {since} 万元",
        "At the year end ({date}): {allocated} 万元 allocated, {paid} 万元 paid, {carried} 万元 carried over;"
        " {since} 万元 paid since",
    ),
    "budget.annual_from_sources": (
        "报告未列年度预算合计：按各资金来源预算之和 {amount} 万元计",
        "The report gives the annual budget only by source: their sum, {amount} 万元, is the total",
    ),
    "budget.no_annual_budget": (
        "报告未列年度预算：执行率按已下达数计算",
        "The report states no annual budget: execution is measured against what was allocated",
    ),
    "budget.stated_carry_over": ("报告所列结转资金 {amount} 万元", "Carry-over the report states: {amount} 万元"),
    "md.remaining": (
        "尚需支出 {amount} 万元，年内月均需支出 {per_month} 万元",
        "{amount} 万元 still to pay: {per_month} 万元 a month for the rest of the year",
    ),
    "md.allocations": ("资金下达", "Allocations"),
    "md.no_allocations": ("截至 {date} 无资金下达记录", "No allocations recorded as of {date}"),
    "md.payments": ("资金支出", "Payments"),
    "md.no_payments": ("截至 {date} 无支出记录", "No payments recorded as of {date}"),
    "md.col.date": ("日期", "Date"),
    "md.col.day_of_year": ("年内第几天", "Day of year"),
    "md.col.amount": ("金额（万元）", "Amount (万元)"),
    "md.col.document": ("文号", "Document"),
    "md.col.voucher": ("凭证", "Voucher"),
    "md.col.note": ("说明", "Note"),
    "md.kind.central": ("中央补助资金", "Central funds"),
    "md.kind.provincial": ("省级补助资金", "Provincial funds"),
    "md.kind.local": ("市县财政资金", "City and county funds"),
    "md.kind.self_raised": ("单位自筹", "Self-raised"),
    "md.kind.municipal": ("市级财政资金", "Municipal funds"),
    "md.kind.county": ("县级财政资金", "County funds"),
    "md.kind.special_bonds": ("专项债券资金", "Special bonds"),
    "md.kind.social_capital": ("社会资本", "Social capital"),
    "md.kind.other": ("其他资金", "Other funds"),
    "md.form.level1": ("一级指标", "Level 1"),
    "md.form.level2": ("二级指标", "Level 2"),
    "md.form.level3": ("三级指标", "Level 3"),
    "md.form.target": ("年度指标值", "Annual target"),
    "md.form.to_date": ("{period}指标完成情况", "To date ({period})"),
    "md.form.forecast": ("全年指标预计完成情况", "Full-year forecast"),
    "md.form.cause": ("偏差原因分析", "Deviation cause"),
    "md.form.certain": ("确定能", "Certain"),
    "md.form.possible": ("有可能", "Possible"),
    "md.form.impossible": ("完全不可能", "Impossible"),
    "md.form.remark": ("备注", "Remark"),
    "md.indicator_analysis": ("完成可能性分析", "The monitor's analysis"),
    "md.notes": ("说明与来源", "Notes and sources"),
    "md.findings": ("存在的问题及原因", "Problems and causes"),
    "md.cause": ("原因", "Cause"),
    "md.recommendation": ("建议", "Recommendation"),
    "md.recommendations": ("意见和建议", "Recommendations"),
    "md.compliance": ("延伸监控", "Compliance checks"),
    "md.col.item": ("内容", "Item"),
    "md.col.check_status": ("执行情况", "Status"),
    "md.col.risk": ("存在问题及隐患", "Problems and risks"),
    "md.survey": ("满意度调查", "Satisfaction survey"),
    "md.survey_counts": (
        "调查对象：{who}；发放问卷 {issued} 份，收回有效问卷 {valid} 份。",
        "Respondents: {who}; {issued} {issued:plural questionnaire|questionnaires} issued, {valid} valid.",
    ),
    "md.none": ("无", "None."),
    "md.portfolio": ("项目汇总（{count} 个项目）", "Portfolio: {count} {count:plural project|projects}"),
    "md.col.slip": ("进度偏差（天）", "Slip (days)"),
    # The draft report (`drift export --template report`), in the structure of the seed report.
    "md.report.blank": ("【待补充：{what}】", "[TO FILL: {what}]"),
    "md.report.title": ("{name}绩效监控分析报告", "{name}: performance monitoring analysis report"),
    "md.report.intro": (
        "{basis}，{organisation}受{client}的委托，于 {start} 至 {end} 对{name}进行绩效监控分析。",
        "{basis} Commissioned by {client}, {organisation} monitored {name} from {start} to {end}.",
    ),
    "md.report.what.intro_basis": (
        "开展绩效监控的政策依据及委托文件",
        "the policy basis and the commissioning document",
    ),
    "md.report.what.client": ("委托单位", "the commissioning body"),
    "md.report.what.fieldwork": ("监控工作时间", "the fieldwork dates"),
    "md.report.what.process": (
        "主要工作进程（准备阶段、现场调研阶段、报告撰写阶段）",
        "the course of the work (preparation, fieldwork, writing)",
    ),
    "md.report.what.names": (
        "工作组成员姓名（drift 不保存个人姓名）",
        "the team members' names (drift keeps no personal names)",
    ),
    "md.report.what.trend": ("预算执行趋势分析", "the outlook for spending"),
    "md.report.what.actual": ("监控时段实际完成工作情况", "the work actually done in the period"),
    "md.report.what.other": ("其他需要说明的事项", "other matters"),
    "md.report.what.attachments": (
        "其他附件（访谈记录、现场核查备案表等）",
        "other attachments (interview notes, site checks)",
    ),
    "md.report.what.report_date": ("报告日期", "the report date"),
    "md.report.s1": ("一、{year}年度绩效监控工作组织实施情况", "1. Organisation of the {year} monitoring"),
    "md.report.s1_1": ("（一）项目概况", "1.1 The project"),
    "md.report.s1_1_1": ("1.项目立项背景和目的", "1.1.1 Background and purpose"),
    "md.report.s1_1_2": ("2.项目建设内容及规模", "1.1.2 Content and scale"),
    "md.report.s1_2": ("（二）立项依据", "1.2 Basis"),
    "md.report.s1_3": ("（三）项目实施周期", "1.3 Implementation period"),
    "md.report.s1_4": ("（四）项目实施计划", "1.4 Implementation plan"),
    "md.report.s1_5": ("（五）绩效目标", "1.5 Performance goals"),
    "md.report.s1_5_1": ("1.总目标", "1.5.1 Overall goal"),
    "md.report.s1_5_2": ("2.年度具体目标", "1.5.2 Goal for the year"),
    "md.report.s1_6": ("（六）工作组织实施情况", "1.6 How the monitoring was organised"),
    "md.report.s1_6_1": ("1.评价工作组人员及分工", "1.6.1 The team and its duties"),
    "md.report.s1_6_2": ("2.主要工作进程", "1.6.2 Course of the work"),
    "md.report.code": ("在线平台项目代码", "Project code"),
    "md.report.scale": ("建设规模", "Scale"),
    "md.report.work": ("建设内容", "Construction content"),
    "md.report.location": ("建设地点", "Location"),
    "md.report.parties": ("参与单位", "Parties"),
    "md.report.floor_area": ("总建筑面积", "floor area"),
    "md.report.renovated_area": ("改造面积", "renovated area"),
    "md.report.buildings": ("楼栋数", "buildings"),
    "md.report.households": ("户数", "households"),
    "md.report.communities": ("小区数", "communities"),
    "md.labelled": ("{label}：{value}", "{label}: {value}"),
    "md.comma": ("、", ", "),
    "md.semicolon": ("；", "; "),
    "md.report.approval": ("{date}，{issuer}《{title}》（{document}）", "{date}: {issuer}, “{title}” ({document})"),
    "md.report.plan_basis": ("根据{document}实施。具体实施计划：", "Carried out under {document}. The plan:"),
    "md.report.plan_item": ("{span}：{name}阶段", "{span}: {name}"),
    "md.report.role": ("项目角色", "Role"),
    "md.report.person": ("姓名", "Name"),
    "md.report.duty": ("工作职责", "Duties"),
    "md.report.fieldwork": ("监控工作时间：{start} 至 {end}。", "Fieldwork: {start} to {end}."),
    "md.report.s2": (
        "二、{year}年度预算资金安排、下达情况、执行进度及趋势分析",
        "2. The {year} budget: arrangement, allocation, execution and outlook",
    ),
    "md.report.s2_1": ("（一）预算资金安排及下达情况", "2.1 Budget and allocations"),
    "md.report.s2_2": ("（二）预算资金执行情况及趋势分析", "2.2 Execution and outlook"),
    "md.report.arranged": (
        "{year}年项目整体预算 {total} 万元，年度预算安排 {annual} 万元。",
        "The project's overall budget is {total} 万元; the {year} budget is {annual} 万元.",
    ),
    "md.report.allocation": (
        "{date} 通过{document}下达{source} {amount} 万元（{note}）",
        "{date}: {source} {amount} 万元 allocated by {document} ({note})",
    ),
    "md.report.allocated": (
        "截至 {date}，财政预算下达共计 {amount} 万元，下达率 {rate}。",
        "By {date}, {amount} 万元 had been allocated, {rate} of the budget.",
    ),
    "md.report.execution": (
        "截至 {date}，项目共计支出 {paid} 万元，预算执行率 {rate}，序时进度 {time}，落后 {trail} 个百分点。具体情况如下表：",
        "By {date}, {paid} 万元 had been paid: {rate} of the budget against time progress of {time}, {trail} points"
        " behind.",
    ),
    "md.report.table2_1": ("表 2-1 预算资金执行情况及预计支出表", "Table 2-1 Budget execution and forecast spending"),
    "md.report.unit": ("单位：万元", "In 万元"),
    "md.report.col.project_budget": ("项目预算", "Project budget"),
    "md.report.col.annual_budget": ("年度预算资金", "Annual budget"),
    "md.report.col.allocated": ("{period}下达数", "Allocated ({period})"),
    "md.report.col.paid": ("{period}支出数", "Paid ({period})"),
    "md.report.col.forecast": ("{year}年预计支出数", "Forecast spending {year}"),
    "md.report.s3": (
        "三、{year}年度绩效目标实现程度及趋势分析",
        "3. Performance targets in {year}: progress and outlook",
    ),
    "md.report.s3_1": ("（一）监控分析", "3.1 Monitoring analysis"),
    "md.report.s3_1_1": ("1.监控时段项目进展情况", "3.1.1 Progress in the monitoring period"),
    "md.report.s3_1_2": ("2.项目预计完成情况", "3.1.2 Expected completion"),
    "md.report.s3_1_3": ("3.总体执行情况", "3.1.3 Overall execution"),
    "md.report.planned": ("项目实施方案计划为：", "The implementation plan:"),
    "md.report.actual": ("项目监控时段实际完成工作情况为：", "What was actually done in the monitoring period:"),
    "md.report.event": ("{date}，{name}{document}：{title}", "{date}: {name}{document}: {title}"),
    "md.report.document": ("（{document}）", " ({document})"),
    "md.report.overall_light": ("drift 分析结论：总体 {light}。", "drift's analysis: overall {light}."),
    "md.report.s3_2": ("（二）绩效目标实现程度及趋势分析", "3.2 Performance targets: progress and outlook"),
    "md.report.table3_1": (
        "表 3-1 绩效目标实现程度及趋势分析表",
        "Table 3-1 Performance targets: progress and outlook",
    ),
    "md.report.col.analysis": ("完成可能性分析", "Analysis"),
    "md.report.s3_3": ("（三）延伸监控情况", "3.3 Compliance checks"),
    "md.report.compliance_clean": (
        "评价工作组对项目的前期手续及管理进行了延伸监控分析，未发现问题，具体如下表：",
        "The team checked the project's approvals and management and found no problems:",
    ),
    "md.report.compliance_found": (
        "评价工作组对项目的前期手续及管理进行了延伸监控分析，发现 {count} 项问题或隐患，具体如下表：",
        "The team checked the project's approvals and management and found {count} {count:plural problem or risk|problems or risks}:",
    ),
    "md.report.table3_2": ("表 3-2 延伸监控情况统计表", "Table 3-2 Compliance checks"),
    "md.report.s4": ("四、存在的问题及原因分析", "4. Problems and their causes"),
    "md.report.flags_for_reference": ("drift 分析提示（供撰写参考）", "drift's flags (for reference while writing)"),
    "md.report.s5": ("五、下一步改进工作的意见和建议", "5. Recommendations"),
    "md.report.for_problem": ("针对“{problem}”的建议", "On “{problem}”"),
    "md.report.other_recommendations": ("其他建议", "Further recommendations"),
    "md.report.s6": ("六、其他需要说明的事项", "6. Other matters"),
    "md.report.other_notes": (
        "drift 中的其他记录（供撰写参考）",
        "Other notes kept in drift (for reference while writing)",
    ),
    "md.report.s7": ("七、相关附件", "7. Attachments"),
    "md.report.attachment1": ("项目支出绩效目标执行监控表", "Monitoring form of the project's performance targets"),
    "md.report.attachment2": ("项目绩效监控分析满意度调查报告", "Satisfaction survey report"),
    "md.report.attachment1_title": ("附件 1：项目支出绩效目标执行监控表", "Attachment 1: monitoring form"),
    "md.report.attachment2_title": ("附件 2：满意度调查报告（摘要）", "Attachment 2: satisfaction survey (summary)"),
    "md.report.form.title": (
        "项目支出绩效目标执行监控表（{period}）",
        "Monitoring form of performance targets ({period})",
    ),
    "md.report.form.field": ("项目", "Field"),
    "md.report.form.value": ("内容", "Value"),
    "md.report.form.name": ("项目名称", "Project"),
    "md.report.form.department": ("主管部门", "Department"),
    "md.report.form.unit": ("预算单位", "Budget unit"),
    "md.report.form.funding": ("项目资金（万元）", "Funding (万元)"),
    "md.report.form.annual": ("年度预算数", "Annual budget"),
    "md.report.form.paid": ("{period}执行数", "Paid ({period})"),
    "md.report.form.rate": ("{period}执行率", "Execution ({period})"),
    "md.report.form.forecast": ("全年预计执行数", "Full-year forecast"),
    "md.report.form.total": ("年度资金总额", "Total for the year"),
    "md.report.form.kind.central": ("其中：中央财政资金", "of which central"),
    "md.report.form.kind.provincial": ("省级财政资金", "provincial"),
    "md.report.form.kind.local": ("市县（区）财政资金", "city and county"),
    "md.report.form.kind.self_raised": ("单位自筹", "self-raised"),
    "md.report.form.kind.other": ("其他资金", "other"),
    "md.report.form.annual_goal": ("年度绩效目标", "Goal for the year"),
    "md.report.form.progress": ("具体完成情况", "What has been done"),
    # `drift export` (tui/export.py) and the export screen (tui/screens/export.py).
    "export.written": ("已写入 {path}", "wrote {path}"),
    "export.no_folder": ("{path}：文件夹 {folder} 不存在", "{path}: the folder {folder} does not exist"),
    "export.not_a_folder": ("{path}：{folder} 不是文件夹", "{path}: {folder} is not a folder"),
    "export.is_a_folder": ("{path}：这是一个文件夹，请给出文件名", "{path}: is a folder; give a file name"),
    "export.report_needs_one": (
        "报告模板只针对一个项目：请用 --project CODE 指定（{path} 中有 {count} 个项目）",
        "the report template covers one project: choose it with --project CODE ({count} projects in {path})",
    ),
    "export.cancel": ("取消", "Cancel"),
    "export.contents": ("目录", "Contents"),
    "export.save": ("保存", "Save"),
    "export.copy": ("复制", "Copy"),
    "export.close": ("关闭", "Close"),
    "export.save_prompt": ("保存为（Markdown 文件路径）", "Save as (path of the Markdown file)"),
    "export.overwrite": ("{path} 已存在，是否覆盖？", "{path} exists. Overwrite it?"),
    "export.yes": ("覆盖", "Overwrite"),
    "export.no": ("取消", "Cancel"),
    "export.saved": ("已保存到 {path}", "Saved to {path}"),
    "export.save_failed": ("保存失败：{reason}", "Not saved: {reason}"),
    "export.copied": (
        "已通过 OSC 52 把 {count} 个字符发给终端的剪贴板（终端须支持；tmux 中需 set -g set-clipboard on）",
        "Sent {count} {count:plural character|characters} to the terminal's clipboard (OSC 52: the terminal must allow it; in tmux, "
        "set -g set-clipboard on)",
    ),
    # `drift backup` (tui/backup.py).
    "backup.none": ("{folder} 中还没有备份", "no backups in {folder} yet"),
    "backup.line": (
        "版本 {revision}  {saved}  {size} 字节  {path}",
        "revision {revision}  {saved}  {size} {size:plural byte|bytes}  {path}",
    ),
    "backup.note": ("从版本 {revision} 的备份恢复", "restored from the backup of revision {revision}"),
    "backup.replaced": (
        "项目 {code}：恢复为版本 {revision} 的内容",
        "project {code}: as it was in revision {revision}",
    ),
    "backup.added": ("项目 {code}：从版本 {revision} 恢复", "project {code}: brought back from revision {revision}"),
    "backup.removed": (
        "项目 {code}：版本 {revision} 中没有，已移除",
        "project {code}: not in revision {revision}; removed",
    ),
    "backup.restored": (
        "已从 {file} 恢复版本 {revision}，保存为版本 {new}（{by}）；可用 drift undo 撤销",
        "restored revision {revision} from {file}; saved as revision {new} by {by} (drift undo takes it back)",
    ),
    "backup.unreadable_store": (
        "{problem}；数据文件无法读取，不能记录新版本：请把备份复制回来，例如 cp {backup} {path}",
        "{problem}; the store cannot be read, so a restore cannot record a new revision: "
        "copy a backup over it instead, e.g. cp {backup} {path}",
    ),
    # The dashboard (tui/app.py, tui/screens, tui/widgets).
    "key.help": ("帮助", "Help"),
    "key.back": ("返回", "Back"),
    "key.close": ("关闭", "Close"),
    "key.palette": ("命令面板", "Command palette"),
    "footer.palette": ("命令面板", "palette"),
    "key.months_back": ("甘特图向前 3 个月", "Gantt: 3 months back"),
    "key.months_on": ("甘特图向后 3 个月", "Gantt: 3 months on"),
    "key.months_first": ("甘特图最早月份", "Gantt: first month"),
    "key.months_last": ("甘特图最后月份", "Gantt: last month"),
    "palette.help": ("列出本屏的所有按键", "list every key of this screen"),
    "palette.as_of": ("按另一日期查看（仅本次，不保存）", "see the figures as of another date (this session only)"),
    "palette.lang": ("切换中文/英文", "switch between Chinese and English"),
    "palette.export": ("导出 Markdown 或 Excel", "export as Markdown or Excel"),
    "key.lang": ("中/英", "中/EN"),
    "key.as_of": ("查看日期", "View as of"),
    "key.filter": ("筛选", "Filter"),
    "key.sort": ("排序", "Sort"),
    "key.open": ("打开", "Open"),
    "key.details": ("详情", "Details"),
    "key.portfolio": ("项目列表", "Portfolio"),
    "tab.overview": ("概况", "Overview"),
    "tab.schedule": ("进度", "Schedule"),
    "tab.budget": ("资金", "Budget"),
    "tab.indicators": ("指标", "Indicators"),
    "tab.findings": ("问题", "Findings"),
    "ov.scale": ("建设规模", "Scale"),
    "ov.floor_area": ("总建筑面积", "Floor area"),
    "ov.renovated_area": ("改造面积", "Renovated area"),
    "ov.buildings": ("楼栋", "Buildings"),
    "ov.households": ("户数", "Households"),
    "ov.communities": ("小区数", "Communities"),
    "ov.work_items": ("建设内容", "Work items"),
    "ov.parties": ("参与单位", "Parties"),
    "ov.background": ("立项背景", "Background"),
    "ov.overall_goal": ("总目标", "Overall goal"),
    "ov.annual_goal": ("年度目标", "Annual goal"),
    "ov.events": ("里程碑", "Milestones"),
    "ov.basis": ("立项依据", "Basis"),
    "ov.monitor": ("监控机构", "Monitor"),
    "ov.progress": ("具体完成情况", "Progress"),
    "ov.notes": ("其他说明", "Notes"),
    "ov.department": ("主管部门", "Department"),
    "ov.unit": ("实施单位", "Implementing unit"),
    "ov.location": ("建设地点", "Location"),
    "ov.period": ("监控时段", "Monitoring period"),
    "fi.findings": ("存在的问题及原因", "Problems and causes"),
    "fi.recommendations": ("意见和建议", "Recommendations"),
    "fi.compliance": ("延伸监控", "Compliance checks"),
    "fi.survey": ("满意度调查", "Satisfaction survey"),
    "fi.cause": ("原因", "Cause"),
    "fi.recommendation": ("建议", "Recommendation"),
    "fi.item": ("内容", "Item"),
    "fi.status": ("执行情况", "Status"),
    "fi.risk": ("存在问题及隐患", "Risk"),
    "fi.survey_counts": (
        "对象：{who} · 发放 {issued} 份 · 有效 {valid} 份",
        "Respondents: {who} · issued {issued} · valid {valid}",
    ),
    "common.none": ("无", "none"),
    "help.title": ("按键", "Keys"),
    "asof.prompt": (
        "查看日期（YYYY-MM-DD，仅改变本次查看；留空=各项目的状态日期）",
        "As-of date (YYYY-MM-DD, empty = each project's status date)",
    ),
    "filter.placeholder": ("输入文字筛选项目…", "Type to filter projects…"),
    "gantt.phase": ("阶段", "Phase"),
    "gantt.plan": ("计划", "plan"),
    "gantt.actual": ("实际", "actual"),
    "gantt.forecast": ("预测", "forecast"),
    "gantt.finished": ("完成日", "finished"),
    "gantt.as_of": ("状态日期", "as of"),
    "unit.days_short": ("天", "d"),
    "app.computing": ("正在计算…", "Computing…"),
    "head.slip": ("进度偏差 {slip} 天", "schedule {slip} {slip:plural day|days}"),
    "head.paid": ("支出 {paid}% / 序时 {time}", "paid {paid}% vs time {time}"),
    "head.flags": ("提示 {count}", "flags {count}"),
    "pf.code": ("项目代码", "Code"),
    "pf.name": ("项目名称", "Name"),
    "pf.department": ("主管部门", "Department"),
    "pf.light": ("总体", "Light"),
    "pf.slip": ("偏差天数", "Slip d"),
    "pf.paid": ("支出/序时", "Paid/time"),
    "pf.risks": ("风险指标", "Risks"),
    "pf.flags": ("提示", "Flags"),
    "ms.date": ("日期", "Date"),
    "ms.event": ("事项", "Event"),
    "ms.document": ("文号", "Document"),
    "ms.phase": ("阶段", "Phase"),
    "ms.slip": ("偏差天数", "Slip d"),
    "ind.level1": ("一级指标", "Level 1"),
    "ind.level2": ("二级指标", "Level 2"),
    "ind.level3": ("三级指标", "Level 3"),
    "ind.target": ("年度指标值", "Target"),
    "ind.to_date": ("完成情况", "To date"),
    "ind.forecast": ("全年预计", "Forecast"),
    "ind.likelihood": ("完成可能性", "Likelihood"),
    "ind.cause": ("偏差原因", "Deviation cause"),
    "ind.analysis": ("分析", "Analysis"),
    "ind.remark": ("备注", "Remark"),
    "budget.bars_title": ("支出进度（按年度预算）对比序时进度", "Paid (of annual budget) against time progress"),
    "budget.bar_paid": ("已支出", "paid"),
    # The execution curve (issue 15)
    "curve.title": (
        "{year}年度累计支出占年度预算与序时进度",
        "Paid of the annual budget against time progress, {year}",
    ),
    "curve.col.month": ("月份", "Month"),
    "curve.col.date": ("截至", "As of"),
    "curve.col.paid": ("累计支出/年度预算(%)", "Paid ÷ budget (%)"),
    "curve.col.time": ("序时进度(%)", "Time progress (%)"),
    "curve.col.allocated": ("累计下达/年度预算(%)", "Allocated ÷ budget (%)"),
    "curve.col.paid_short": ("支出%", "Paid %"),
    "curve.col.time_short": ("序时%", "Time %"),
    "curve.col.allocated_short": ("下达%", "Alloc. %"),
    "curve.as_of_date": ("{date}（状态日期）", "{date} (as of)"),
    "curve.paid": ("累计支出", "paid"),
    "curve.time": ("序时进度（{basis}）", "time progress ({basis})"),
    "curve.as_of": ("状态日期", "as of"),
    "curve.blank": ("空白处未知", "blank: not known"),
    "md.curve": ("执行曲线", "Execution curve"),
    "md.curve_lines": (
        "蓝线：累计支出占年度预算（%）；灰线：序时进度（%，{basis}）。",
        "Blue line: cumulative paid ÷ annual budget (%); grey line: time progress (%, {basis}).",
    ),
    "md.curve_starts": (
        "{first} 之前的累计支出未知，曲线从 {first} 起绘制；下表列出每一点。",
        "Paid is not known before {first}: the chart starts there; the table lists every point.",
    ),
    "md.curve_unknown": (
        "各点的累计支出占比均未知，不绘制曲线；下表列出每一点。",
        "Paid ÷ budget is not known at any point, so no curve is drawn; the table lists every point.",
    ),
    "budget.allocations": ("资金下达", "Allocations"),
    "budget.payments": ("资金支出", "Payments"),
    "budget.no_payments": ("截至 {date} 无支出记录", "no payments recorded up to {date}"),
    "budget.col.date": ("日期", "Date"),
    "budget.col.source": ("资金来源", "Source"),
    "budget.col.amount": ("金额(万元)", "Amount (万元)"),
    "budget.col.day": ("第几天", "Day of year"),
    "budget.col.document": ("文号", "Document"),
    "budget.col.voucher": ("凭证/说明", "Voucher"),
    "tab.history": ("修改记录", "History"),
    "key.export": ("导出", "Export"),
    "key.pay": ("支出", "Pay"),
    "key.allocate": ("下达", "Allocate"),
    "key.record": ("录入", "Record"),
    "key.status_date": ("设状态日", "Status date"),
    "key.undo": ("撤销", "Undo"),
    "app.saved": (
        "已保存（版本 {revision}，{count} 处修改）",
        "Saved (revision {revision}, {count} {count:plural change|changes})",
    ),
    "app.undid": (
        "已撤销版本 {target}（{by}），保存为版本 {revision}",
        "Undid revision {target} by {by}; saved as revision {revision}",
    ),
    # One line per changed field, as saves, `drift log` and the History tab show it: "支出 P4 金额：— → 120.50".
    # In English the store's own names, as before ("payments P4 amount: — → 120.50"), which scripts may read.
    "change.line": ("{where} {field}：{old} → {new}", "{where} {field}: {old} → {new}"),
    "change.kind.project": ("项目", "project"),
    "change.kind.funding": ("预算", "funding"),
    "change.kind.rules": ("规则", "rules"),
    "change.kind.sources": ("资金来源", "sources"),
    "change.kind.allocations": ("下达", "allocations"),
    "change.kind.payments": ("支出", "payments"),
    "change.kind.reported": ("报告数", "reported"),
    "change.kind.phases": ("阶段", "phases"),
    "change.kind.events": ("事件", "events"),
    "change.kind.indicators": ("指标", "indicators"),
    "change.kind.claims": ("报告声明", "claims"),
    "change.kind.findings": ("问题", "findings"),
    "change.kind.compliance": ("延伸监控", "compliance"),
    "change.kind.recommendations": ("建议", "recommendations"),
    "change.field.name": ("名称", "name"),
    "change.field.department": ("主管部门", "department"),
    "change.field.implementing_unit": ("实施单位", "implementing_unit"),
    "change.field.location": ("建设地点", "location"),
    "change.field.status_date": ("状态日期", "status_date"),
    "change.field.background": ("项目背景", "background"),
    "change.field.overall_goal": ("总体目标", "overall_goal"),
    "change.field.annual_goal": ("年度目标", "annual_goal"),
    "change.field.progress_summary": ("进展情况", "progress_summary"),
    "change.field.annual_budget": ("年度预算", "annual_budget"),
    "change.field.initial_budget": ("年初预算", "initial_budget"),
    "change.field.total_budget": ("项目总预算", "total_budget"),
    "change.field.carried_over": ("结转", "carried_over"),
    "change.field.allocations": ("下达记录", "allocations"),
    "change.field.time_basis": ("序时进度口径", "time_basis"),
    "change.field.budget_yellow_points": ("预算黄灯（落后百分点）", "budget_yellow_points"),
    "change.field.budget_red_points": ("预算红灯（落后百分点）", "budget_red_points"),
    "change.field.checkpoints": ("支出节点", "checkpoints"),
    "change.field.schedule_yellow_days": ("进度黄灯（天）", "schedule_yellow_days"),
    "change.field.schedule_red_days": ("进度红灯（天）", "schedule_red_days"),
    "change.field.budget_points": ("预算执行分值", "budget_points"),
    "change.field.level_points": ("一级指标分值", "level_points"),
    "change.field.grade_floors": ("等级分数线", "grade_floors"),
    "change.field.kind": ("类型", "kind"),
    "change.field.forecast": ("全年预计", "forecast"),
    "change.field.id": ("编号", "id"),
    "change.field.date": ("日期", "date"),
    "change.field.source": ("资金来源", "source"),
    "change.field.amount": ("金额", "amount"),
    "change.field.document": ("文号", "document"),
    "change.field.note": ("摘要", "note"),
    "change.field.voucher": ("凭证号", "voucher"),
    "change.field.allocated": ("累计下达", "allocated"),
    "change.field.paid": ("累计支出", "paid"),
    "change.field.reference": ("出处", "reference"),
    "change.field.planned_start": ("计划开始", "planned_start"),
    "change.field.planned_end": ("计划完成", "planned_end"),
    "change.field.actual_start": ("实际开始", "actual_start"),
    "change.field.actual_end": ("实际完成", "actual_end"),
    "change.field.predecessors": ("前置阶段", "predecessors"),
    "change.field.expectation": ("预期", "expectation"),
    "change.field.expected_end": ("预计完成", "expected_end"),
    "change.field.percent_complete": ("完成百分比", "percent_complete"),
    "change.field.remark": ("备注", "remark"),
    "change.field.title": ("标题", "title"),
    "change.field.issuer": ("发文单位", "issuer"),
    "change.field.phase": ("阶段", "phase"),
    "change.field.marks": ("标志", "marks"),
    "change.field.level1": ("一级指标", "level1"),
    "change.field.level2": ("二级指标", "level2"),
    "change.field.level3": ("三级指标", "level3"),
    "change.field.target": ("指标值", "target"),
    "change.field.to_date": ("完成情况", "to_date"),
    "change.field.deviation_cause": ("偏差原因", "deviation_cause"),
    "change.field.likelihood": ("完成可能性", "likelihood"),
    "change.field.analysis": ("分析", "analysis"),
    "change.field.weight": ("分值", "weight"),
    "change.field.final": ("实际完成值", "final"),
    "change.field.grade": ("评定", "grade"),
    "change.field.points": ("得分", "points"),
    "change.field.cause_kinds": ("原因类别", "cause_kinds"),
    "change.field.value": ("声明值", "value"),
    "change.field.subject": ("对象", "subject"),
    "change.field.tolerance": ("容差", "tolerance"),
    "change.field.problem": ("问题", "problem"),
    "change.field.cause": ("原因", "cause"),
    "change.field.recommendation": ("建议", "recommendation"),
    "change.field.item": ("事项", "item"),
    "change.field.status": ("情况", "status"),
    "change.field.risk": ("风险", "risk"),
    "change.field.text": ("内容", "text"),
    "history.empty": ("还没有修改记录", "No changes recorded yet"),
    "history.revision": ("版本", "Rev"),
    "history.at": ("时间", "When"),
    "history.by": ("修改人", "By"),
    "history.change": ("修改", "Change"),
    "history.note": ("说明", "Note"),
    "history.undoes": ("撤销版本 {revision}", "undoes revision {revision}"),
    "form.saving": ("正在保存…", "Saving…"),
    # The audit trail (issue 12 points 18-20): the account beside the declared name, the hash chain.
    "edit.undone_for": (
        "已撤销版本 {target}，由账户 {account} 代 {by} 保存为版本 {revision}",
        "undid revision {target}; saved as revision {revision} by the account {account} on behalf of {by}",
    ),
    "log.unknown_account": ("（未知）", "(unknown)"),
    "chain.verified": (
        "{path}：修改记录完好，第 {first}–{last} 条已核验，末条哈希 {head}",
        "{path}: history intact: entries {first}–{last} verified, last hash {head}",
    ),
    "chain.unchained": (
        "；第 {first}–{last} 条写于修改记录加链之前，只能按第 {sealed} 条封存它们时的样子核验",
        "; entries {first}–{last} were written before the history was chained and are verified only as they were "
        "when entry {sealed} sealed them",
    ),
    "chain.projects": (
        "；{count} 个项目中 {held} 个与最近一次记录的修改后一致",
        "; {held} of {count} {count:plural project|projects} as {count:plural its|their} last recorded change left "
        "{count:plural it|them}",
    ),
    "chain.anchored": ("；所记哈希仍是第 {number} 条的", "; the hash you noted is still entry {number}'s"),
    "chain.none": (
        "{path}：{count} 条修改记录都写于加链之前，无从核验",
        "{path}: none of the {count} history entries is chained (written before drift chained its history): "
        "nothing verified",
    ),
    # Where an export may not be written (store.exports.export_refusal): issue 12, store files and paths.
    "export.refused.store": (
        "{path}：这是数据文件本身，请另选一个文件",
        "{path}: that is the store itself; choose another file",
    ),
    "export.refused.another_store": (
        "{path}：这是一个 drift 数据文件，请另选一个文件",
        "{path}: that is a drift store; choose another file",
    ),
    "export.refused.lock": (
        "{path}：这是数据文件的锁，写入它会让两个人同时保存；请另选一个文件",
        "{path}: that is the store's lock; writing it would let two people save at once; choose another file",
    ),
    "export.refused.backup": (
        "{path}：这在数据文件的备份之中，请另选一个文件",
        "{path}: that is among the store's backups; choose another file",
    ),
    "export.refused.symlink": (
        "{path}：这是一个符号链接，导出从不写到链接指向的文件；请给出普通文件名",
        "{path}: is a symlink; an export never writes through one; give a plain file name",
    ),
    "export.refused.not_regular": (
        "{path}：不是普通文件，导出只替换普通文件",
        "{path}: is not a regular file; an export only replaces regular files",
    ),
    # Issue 12: duplicate payments, undo refusals, imports with history.
    "edit.duplicate": (
        "{same}；如确为另一笔支出，请加 --allow-duplicate",
        "{same}; use --allow-duplicate if this is a second payment",
    ),
    "form.duplicate": (
        "{same}；如确为另一笔支出，再保存一次（Enter 或 Ctrl+S）",
        "{same}; save again (Enter or Ctrl+S) if this is a second payment",
    ),
    "undo.older": (
        "{refused}；要撤销您更早的修改，请用 drift undo --revision {revision}",
        "{refused}; to undo your earlier change instead: drift undo --revision {revision}",
    ),
    # The command line's exit status and input, the dashboard's robustness (issue 12: tui/output.py, tui/app.py).
    "cli.saved_interrupted": (
        "已保存（版本 {revision}）；打印结果时被中断",
        "saved (revision {revision}); interrupted while printing",
    ),
    "cli.saved_output_failed": (
        "已保存（版本 {revision}），但结果输出失败：{problem}",
        "saved (revision {revision}), but the output failed: {problem}",
    ),
    "app.removed_by": (
        "项目 {code} 已被 {by} 删除，已返回项目列表",
        "Project {code} was removed by {by}; back to the portfolio",
    ),
    "palette.placeholder": ("搜索命令、项目或视图…", "Search for commands, projects or views…"),
    "app.form_lost": (
        "“{form}”未保存，所填内容：{typed}",
        "{form} was not saved; what you typed: {typed}",
    ),
    "app.removed": (
        "项目 {code} 已不在数据文件中，已返回项目列表",
        "Project {code} is no longer in the store; back to the portfolio",
    ),
    "export.waiting": (
        "仍在读取数据文件（已读 {count} 个项目）；全部读完后将打开导出",
        "Still reading the store ({count} {count:plural project|projects} so far); the export opens once every project is read",
    ),
    "export.preview_note": (
        "预览：{count} 个项目中最需关注的 {shown} 个的汇总表。按 s 保存完整导出（全部项目的汇总与详情）。",
        "Preview: the summary of the {shown} reddest of {count} projects. Press s to save the whole export, "
        "every project in detail.",
    ),
    "cli.output_failed": (
        "无法输出结果：{problem}；未保存任何内容",
        "cannot write the output: {problem}; nothing was saved",
    ),
    # Issue 13: the unknown light, "not stated" apart from zero, overspending.
    "light.unknown": ("未知", "unknown"),
    "part.schedule": ("进度", "schedule"),
    "part.budget": ("资金", "budget"),
    "part.indicators": ("指标", "indicators"),
    "light.unknown_parts": ("{parts}未知", "{parts} unknown"),
    "light.unknown_count": ("{count} 项未知", "{count} unknown"),
    "flag.schedule.unknown": ("进度未知：未录入任何阶段", "schedule unknown: no phases recorded"),
    "flag.budget.unknown.zero_budget": (
        "资金灯未知：年度预算为 0，无法计算执行率",
        "budget unknown: the annual budget is 0, no execution rate can be computed",
    ),
    "flag.budget.unknown.paid": (
        "资金灯未知：截至该日的支出数未知（报告的累计数尚未开始，或未分来源）",
        "budget unknown: how much was paid by then is not known (before the report's first cumulative figure)",
    ),
    "flag.budget.unknown.no_budget": (
        "资金灯未知：报告未列年度预算，下达数也未知，无法计算执行率",
        "budget unknown: the report states no annual budget and the allocations are not known",
    ),
    "flag.budget.unknown.nothing_allocated": (
        "资金灯未知：报告未列年度预算，下达数为 0，无法计算执行率",
        "budget unknown: the report states no annual budget and nothing was allocated",
    ),
    "flag.budget.behind_time_of_allocated": (
        "{name}：支出占下达数 {paid_pct}%（无年度预算）落后序时进度 {time_pct}% 共 {trail_points} 个百分点"
        "（已支出 {paid} / 下达 {budget} 万元）",
        "{name}: {paid_pct}% of what was allocated paid (no annual budget) against {time_pct}% time progress,"
        " {trail_points} {trail_points:plural point|points} behind (paid {paid} of {budget} 万元 allocated)",
    ),
    "flag.budget.reported_below_records": (
        "{name}：报告截至 {date} 累计{figure} {reported} 万元（{report}），少于截至该日的逐笔记录合计 {recorded} 万元",
        "{name}: the report's cumulative {figure} of {reported} 万元 as of {date} ({report}) is less than the"
        " {recorded} 万元 the dated records add up to by then",
    ),
    "flag.budget.reported_decreases": (
        "{name}：报告截至 {date} 累计{figure} {reported} 万元（{report}），少于 {earlier} 报告的 {earlier_amount} 万元",
        "{name}: the report's cumulative {figure} of {reported} 万元 as of {date} ({report}) is less than the"
        " {earlier_amount} 万元 reported as of {earlier}",
    ),
    "flag.budget.paid_exceeds_total": (
        "已支出 {paid} 万元，超过项目总预算 {total} 万元",
        "paid {paid} 万元, more than the project's whole budget of {total} 万元",
    ),
    "flag.budget.carry_over_differs": (
        "报告所列结转 {stated} 万元，与年末下达减支出 {computed} 万元不符",
        "the carry-over the report states, {stated} 万元, is not the {computed} 万元 allocated but unpaid at year end",
    ),
    "flag.budget.allocations_not_stated": (
        "报告未说明资金下达情况：下达数及下达率未知",
        "the report does not state its allocations: allocated amounts and rates unknown",
    ),
    "flag.indicators.unknown": ("绩效指标未知：未录入任何指标", "indicators unknown: no indicators recorded"),
    "flag.indicators.nothing_recorded": (
        "绩效指标未知：{count} 项指标均未填完成情况、全年预计或完成可能性",
        "indicators unknown: {count:plural the one indicator has no value, forecast or likelihood|none of the {count} "
        "indicators has a value, a forecast or a likelihood}",
    ),
    "flag.budget.paid_exceeds_budget": (
        "{name}：已支出 {paid} / 预算 {budget} 万元，超出预算",
        "{name}: paid {paid} of {budget} 万元 budgeted",
    ),
    "budget.overspent_budget": (
        "超支：已支出 {paid} / 预算 {budget} 万元",
        "overspent: paid {paid} of {budget} 万元 budgeted",
    ),
    "budget.overspent_allocated": (
        "超支：已支出 {paid} / 下达 {allocated} 万元",
        "overspent: paid {paid} of {allocated} 万元 allocated",
    ),
    "budget.allocated_not_stated": ("未说明", "not stated"),
    "md.report.allocated_not_stated": (
        "截至 {date}，报告未说明资金下达情况。",
        "By {date}, the report does not state what was allocated.",
    ),
    "edit.overspend_warning": ("警告：{problem}；仍已记录", "warning: {problem}; recorded all the same"),
    "form.overspend_confirm": (
        "{problem}。再保存一次（Enter 或 Ctrl+S）仍然记录。",
        "{problem}. Save again (Enter or Ctrl+S) to record it all the same.",
    ),
    "form.saved_overspent": ("已保存，但超支：{problem}", "Saved, overspent: {problem}"),
    # Issue 13, second slice: values that cannot be read against their target, figures that disagree.
    "outcome.unreadable": ("无法与指标值比较", "cannot be compared with the target"),
    "indicator.field.to_date": ("完成情况", "the value to date"),
    "indicator.field.forecast": ("全年预计", "the forecast"),
    "flag.indicator.value_incomparable": (
        "{name}：{field_name}“{value}”无法与指标值 {target} 比较",
        '{name}: {field_name} "{value}" cannot be compared with the target {target}',
    ),
    "flag.budget.sources_differ_from_budget": (
        "各资金来源合计 {sources} 万元，与年度预算 {budget} 万元不符",
        "the funding sources add up to {sources} 万元, not the annual budget of {budget} 万元",
    ),
    "flag.budget.annual_exceeds_total": (
        "年度预算 {budget} 万元超过项目总投资 {total} 万元",
        "the annual budget of {budget} 万元 is more than the project's total investment of {total} 万元",
    ),
    "flag.budget.forecast_exceeds_budget": (
        "{name}：全年预计支出 {forecast} 万元，超过年度预算 {budget} 万元",
        "{name}: the year's spending is forecast at {forecast} 万元, more than the annual budget of {budget} 万元",
    ),
    "later.payments.one": ("{n} 笔支出", "{n} payment"),
    "later.payments.many": ("{n} 笔支出", "{n} payments"),
    "later.allocations.one": ("{n} 笔下达", "{n} allocation"),
    "later.allocations.many": ("{n} 笔下达", "{n} allocations"),
    "later.reported.one": ("{n} 个报告累计数", "{n} reported figure"),
    "later.reported.many": ("{n} 个报告累计数", "{n} reported figures"),
    "later.phase_dates.one": ("{n} 个阶段实际日期", "{n} phase date"),
    "later.phase_dates.many": ("{n} 个阶段实际日期", "{n} phase dates"),
    "later.events.one": ("{n} 个事件", "{n} event"),
    "later.events.many": ("{n} 个事件", "{n} events"),
    "later.claims.one": ("{n} 项报告声明", "{n} claim"),
    "later.claims.many": ("{n} 项报告声明", "{n} claims"),
    "later.not_counted": ("{records}晚于状态日期 {date}，未计入", "{records} after the as-of date {date} not counted"),
    # Issue 13, claims: what a report states about itself, held against its own records.
    "claim.agrees": ("报告声明 {id} 与记录相符", "claim {id} agrees with the records"),
    "claim.verdict": ("报告声明 {id}：{problem}", "claim {id}: {problem}"),
    "claim.title": ("报告声明核对", "Claims held against the records"),
    "claim.more": (
        "另有 {count} 项报告声明未列出，见 drift status --json 或导出",
        "{count} more claims not shown: see drift status --json or the export",
    ),
    "claim.none": ("未录入报告声明", "no claims recorded"),
    "claim.col.id": ("编号", "ID"),
    "claim.col.kind": ("声明内容", "Claim"),
    "claim.col.subject": ("对象", "About"),
    "claim.col.claimed": ("报告所称", "Claimed"),
    "claim.col.date": ("截至", "As of"),
    "claim.col.computed": ("按记录", "Records give"),
    "claim.col.verdict": ("核对结果", "Verdict"),
    "claim.col.reference": ("出处", "Where"),
    "claim.verdict.agrees": ("相符", "agrees"),
    "claim.verdict.contradicts": ("不符", "contradicts"),
    "claim.verdict.unchecked": ("无法核对", "cannot be checked"),
    "key.claim": ("报告声明", "Claim"),
    "form.claim.title": ("新增报告声明：{name}", "New claim: {name}"),
    "form.claim.kind": ("声明内容", "Claim"),
    "form.claim.value": ("报告所称", "As written"),
    "form.claim.date": ("截至日期", "As of"),
    "form.claim.subject": ("对象", "About"),
    "form.claim.reference": ("出处", "Where"),
    "form.claim.tolerance": ("容差", "Tolerance"),
    "claim.cited": ("（{claim}）", " ({claim})"),
    "claim.cited_at": ("（{claim}，{reference}）", " ({claim}, {reference})"),
    "claim.the_project": ("整个项目", "the project"),
    "claim.tolerance": ("容差 ±{tolerance}", "±{tolerance} allowed"),
    "claim.kind.execution_rate": ("预算执行率", "the execution rate"),
    "claim.kind.allocation_rate": ("下达率", "the allocation rate"),
    "claim.kind.completion_date": ("完成日期", "the completion date"),
    "claim.kind.indicator_value": ("指标完成值", "the indicator value"),
    "claim.kind.likelihood": ("完成目标可能性", "the likelihood"),
    "claim.kind.score": ("自评得分", "the self-evaluation score"),
    "claim.short.execution_rate": ("执行率", "execution"),
    "claim.short.allocation_rate": ("下达率", "allocation"),
    "claim.short.completion_date": ("完成日期", "completion"),
    "claim.short.indicator_value": ("完成值", "value"),
    "claim.short.likelihood": ("可能性", "likelihood"),
    "claim.short.score": ("得分", "score"),
    "claim.reason.no_budget": ("年度预算为 0", "the annual budget is 0"),
    "claim.reason.no_annual_budget": ("报告未列年度预算", "the report states no annual budget"),
    "claim.reason.paid_not_known": ("截至该日的支出数未知", "how much was paid by then is not known"),
    "claim.reason.not_split": (
        "该来源的资金未单列（只有整个项目的数）",
        "the report gives this money only for the whole project",
    ),
    "claim.reason.allocations_not_stated": ("报告未说明资金下达情况", "the report does not state its allocations"),
    "claim.reason.no_phases": ("未录入任何阶段", "no phases are recorded"),
    "claim.reason.no_value": ("指标表未填完成值", "the indicator grid records no value"),
    "claim.reason.not_comparable": ("无法与记录的完成值比较", "it cannot be read against the recorded value"),
    "claim.reason.no_forecast": (
        "指标表未填全年预计或完成可能性",
        "the indicator grid holds no forecast or likelihood to hold it against",
    ),
    "claim.reason.not_in_self_evaluation": (
        "项目尚未进入自评（未录入实际完成值或评级）",
        "the project is not in its self-evaluation (no final value or grade is recorded)",
    ),
    "claim.reason.score_not_known": (
        "自评得分尚不能计算（见自评表）",
        "the score cannot be computed yet (see the self-evaluation)",
    ),
    "flag.claim.score": (
        "{name}：报告称自评得分 {claimed}{cited}；按其记录截至 {date} 得分 {computed}，相差 {gap_points} 分",
        "{name}: the report claims a score of {claimed}{cited}; its records give {computed} by {date}, "
        "{gap_points} points apart",
    ),
    "flag.claim.execution_rate": (
        "{name}：报告称预算执行率 {claimed}{cited}；按其记录截至 {date} 支出 {amount} / 预算 {budget} 万元，"
        "执行率 {rate}%，相差 {gap_points} 个百分点",
        "{name}: the report claims {claimed} paid{cited}; its records give {rate}% ({amount} of {budget} 万元 "
        "paid by {date}), {gap_points} points apart",
    ),
    "flag.claim.allocation_rate": (
        "{name}：报告称下达率 {claimed}{cited}；按其记录截至 {date} 下达 {amount} / 预算 {budget} 万元，"
        "下达率 {rate}%，相差 {gap_points} 个百分点",
        "{name}: the report claims {claimed} allocated{cited}; its records give {rate}% ({amount} of {budget} 万元 "
        "allocated by {date}), {gap_points} points apart",
    ),
    "flag.claim.completion_date": (
        "{name}：报告称 {claimed} 前完成{cited}；按截至 {date} 的阶段记录预计 {forecast} 完成，晚 {late_days} 天",
        "{name}: the report claims completion by {claimed}{cited}; its phases as of {date} give {forecast}, "
        "{late_days} {late_days:plural day|days} later",
    ),
    "flag.claim.indicator_value": (
        "{name}：报告称完成值“{claimed}”{cited}；指标表记录为“{recorded}”（指标值 {target}）",
        '{name}: the report claims "{claimed}"{cited}; the indicator grid records "{recorded}" (target {target})',
    ),
    "flag.claim.likelihood_forecast": (
        "{name}：报告称完成目标可能性为{claimed}{cited}；全年预计“{forecast}”对照指标值 {target}，应为{recorded}",
        '{name}: the report rates meeting the target as {claimed}{cited}; the forecast "{forecast}" against the '
        "target {target} makes it {recorded}",
    ),
    "flag.claim.likelihood_grid": (
        "{name}：报告称完成目标可能性为{claimed}{cited}；指标表填写为{recorded}",
        "{name}: the report rates meeting the target as {claimed}{cited}; its indicator grid says {recorded}",
    ),
    "flag.claim.likelihood_schedule": (
        "{name}：报告称完成目标可能性为{claimed}{cited}；按进度推算项目 {completion} 完工，晚于计划 {planned}，应为{recorded}",
        "{name}: the report rates meeting the target as {claimed}{cited}; the schedule forecasts completion on "
        "{completion}, after the planned {planned}, which makes it {recorded}",
    ),
    "flag.claim.unchecked": (
        "报告所称{kind}“{claimed}”{cited}无法核对：{reason_text}",
        '{kind} the report claims, "{claimed}"{cited}, cannot be checked: {reason_text}',
    ),
    "later.note": ("晚于状态日期 {date}：自记录日期起计入", "after the as-of date {date}: it counts from that date on"),
    # Issue 13, loose ends: the status date moved from a form, records after it in the portfolio and the report,
    # overspends of a ledger import, allocations stated as none from the dashboard.
    "edit.overspend_dry_run": ("警告：{problem}（如导入）", "warning: {problem}, if imported"),
    "key.move_status_date": ("改状态日期", "move status date"),
    "key.allocations_none": ("下达：无", "allocations: none"),
    "key.allocations_not_stated": ("下达：未说明", "allocations: not stated"),
    "key.confirm": ("确认", "confirm"),
    "confirm.allocations_none": (
        "记录报告说明未下达任何资金（下达 0.00 万元）？Enter 确认，Esc 取消",
        "Record that the report states no allocation was made (allocated 0.00 万元)? Enter confirms, Esc cancels",
    ),
    "confirm.allocations_not_stated": (
        "记录报告未说明资金下达情况（下达数未知）？Enter 确认，Esc 取消",
        "Record that the report does not state its allocations (unknown)? Enter confirms, Esc cancels",
    ),
    "form.move_status_date.offer": (
        "Ctrl+T：将状态日期改为 {date}，使其计入",
        "Ctrl+T: move the status date to {date} so that it counts",
    ),
    "form.move_status_date.accepted": (
        "保存时状态日期将改为 {date} · Ctrl+T：不改",
        "on saving, the status date moves to {date} · Ctrl+T: leave it",
    ),
    "later.projects.one": (
        "{n} 个项目有晚于状态日期的记录，未计入：{codes}",
        "{n} project has records after its as-of date, not counted: {codes}",
    ),
    "later.projects.many": (
        "{n} 个项目有晚于状态日期的记录，未计入：{codes}",
        "{n} projects have records after their as-of date, not counted: {codes}",
    ),
    "md.report.later": (
        "本报告草稿仅计入截至状态日期 {date} 的记录；晚于该日期的 {records}未计入。",
        "This draft counts only what is dated up to the as-of date {date}; it leaves out {records} dated after it.",
    ),
    # Issue 16: the self-evaluation (drift/selfeval.py) and its score.
    "grade.achieved": ("达成", "achieved"),
    "grade.partly": ("部分达成", "partly achieved"),
    "grade.not_achieved": ("未达成", "not achieved"),
    "score_grade.excellent": ("优", "excellent"),
    "score_grade.good": ("良", "good"),
    "score_grade.fair": ("中", "fair"),
    "score_grade.poor": ("差", "poor"),
    "indicator.field.final": ("实际完成值", "the final value"),
    "flag.indicator.final_short": (
        "{name}：实际完成值 {final} 未达到指标值 {target}",
        "{name}: the final value {final} falls short of the target {target}",
    ),
    "flag.indicator.graded_short": ("{name}：自评评定为{grade}", "{name}: graded {grade} at the self-evaluation"),
    "flag.selfeval.row_unknown": (
        "{name}：得分无法计算，{reason_text}",
        "{name}: no score can be given: {reason_text}",
    ),
    "flag.selfeval.weights_not_100": (
        "各项分值合计 {maximum}，不是 100，不评定等级",
        "the 分值 add up to {maximum}, not 100: no grade is given",
    ),
    "flag.selfeval.recorded_ignored": (
        "{name}：记录的评定 {grade}、得分 {points} 不计入：数值指标按实际完成值计分（{computed}）",
        "{name}: the grade ({grade}) and points ({points}) recorded are not used: a number target scores from its "
        "final value ({computed})",
    ),
    "flag.selfeval.grade_low": (
        "自评得分 {total}，等级最高为{grade}",
        "the self-evaluation scores {total}: {grade} at best",
    ),
    "score.refused.points_over_weight": (
        "得分 {points} 超过该指标的分值 {weight}",
        "{points} is more than its 分值 {weight}",
    ),
    "score.refused.points_outside_band": (
        "得分 {points} 不在“{grade}”的区间 {band} 内（分值 {weight}）",
        "{points} lies outside the band of {grade}, {band} of its 分值 {weight}",
    ),
    "score.reason.final_range": (
        "实际完成值是一个范围，无法按比例计分",
        "the final value is a range, which gives no share of the target",
    ),
    "score.budget_row": ("预算执行率", "budget execution"),
    "budget.initial": (
        "年初预算数 {amount} 万元，全年预算数 {annual} 万元",
        "Budget at the start of the year (年初预算数) {amount} 万元; annual budget (全年预算数) {annual} 万元",
    ),
    "budget.initial_only": (
        "年初预算数 {amount} 万元，全年预算数未说明",
        "Budget at the start of the year (年初预算数) {amount} 万元; the annual budget (全年预算数) is not stated",
    ),
    # Earned value's figures keep their English abbreviations in both languages, as the profession writes them.
    "ev.BAC": ("BAC", "BAC"),
    "ev.PV": ("PV", "PV"),
    "ev.EV": ("EV", "EV"),
    "ev.AC": ("AC", "AC"),
    "ev.SV": ("SV", "SV"),
    "ev.CV": ("CV", "CV"),
    "ev.SPI": ("SPI", "SPI"),
    "ev.CPI": ("CPI", "CPI"),
    "ev.EAC": ("EAC", "EAC"),
    "score.title": ("绩效自评得分", "Self-evaluation score"),
    "head.score": ("自评 {score}", "score {score}"),
    "score.total": ("总分", "Total"),
    "score.item": ("项目", "Item"),
    "score.how": ("计算", "How"),
    "score.none": ("无法计算", "not known"),
    "score.headline": ("{total} / {maximum} 分 · {grade}", "{total} of {maximum} · {grade}"),
    "score.headline_ungraded": (
        "{total} / {maximum} 分（分值合计不是 100，不评等级）",
        "{total} of {maximum} (no grade: not out of 100)",
    ),
    "score.headline_unknown": (
        "尚不能计算（{count} 项缺得分）",
        "not known yet ({count} {count:plural row|rows} without a score)",
    ),
    "score.provisional": ("（年度未结束，暂计）", " (the year is not over: provisional)"),
    "ind.final": ("实际完成值", "Final"),
    "ind.grade": ("评定", "Grade"),
    "ind.outcome": ("完成结果", "Outcome"),
    "ind.score_line": (
        "自评得分 {score}；预算执行率 {budget}",
        "Score {score}; budget execution {budget}",
    ),
    "ind.weight": ("分值", "Weight"),
    "ind.score": ("得分", "Score"),
    "cause.funding": ("经费保障", "funding"),
    "cause.rules": ("制度保障", "rules"),
    "cause.staff": ("人员保障", "staff"),
    "cause.facilities": ("硬件条件保障", "facilities"),
    "cause.other": ("其他", "other"),
    "score.reason.no_weight": (
        "未填分值，其一级指标也无默认分值",
        "it states no 分值 and its level-1 group has no default",
    ),
    "score.reason.weight_partly_stated": (
        "同一一级指标下部分指标填了分值、部分未填，无法分配",
        "some indicators of its level-1 group state a 分值 and others do not, so none can be shared out",
    ),
    "score.reason.no_final": ("未填实际完成值", "no final value is recorded"),
    "score.reason.final_unreadable": (
        "实际完成值无法与指标值比较",
        "the final value cannot be read against the target",
    ),
    "score.reason.no_grade": ("定性指标未评定达成情况", "the qualitative indicator has no grade"),
    "score.reason.points_over_weight": ("录入的得分超过分值", "the recorded points exceed its 分值"),
    "score.reason.points_outside_band": (
        "录入的得分不在所评等级的分值区间内",
        "the recorded points lie outside its grade's band",
    ),
    "score.reason.no_annual_budget": ("报告未给出全年预算数", "the report states no annual budget"),
    "score.reason.zero_budget": ("全年预算数为 0", "the annual budget is 0"),
    "score.reason.paid_not_known": ("全年执行数未知", "what was paid is not known"),
    # Colours (issue 13 point 8)
    "gantt.colour_is_light": ("颜色为该阶段的灯", "colour: the phase's light"),
    # Part R of issue 16: the rules a bureau can set, `drift rules` (drift/rulestext.py, tui/commands/rules.py).
    "rules.name.time_basis": ("序时进度计算", "time progress basis"),
    "rules.name.budget_yellow_points": ("支出落后序时进度 黄灯", "spending behind time: yellow"),
    "rules.name.budget_red_points": ("支出落后序时进度 红灯", "spending behind time: red"),
    "rules.name.checkpoints": ("累计支出节点", "spending checkpoints"),
    "rules.name.schedule_yellow_days": ("进度延误 黄灯", "schedule slip: yellow"),
    "rules.name.schedule_red_days": ("进度延误 红灯", "schedule slip: red"),
    "rules.name.budget_points": ("预算执行率分值", "budget execution points"),
    "rules.name.level_points": ("一级指标分值", "level-1 indicator points"),
    "rules.name.grade_floors": ("自评等级", "self-evaluation grades"),
    "rules.value.percentage_points": ("落后 {n} 个百分点起", "from {n} {n:plural point|points} behind"),
    "rules.value.days": ("延误 {n} 天起", "from {n} {n:plural day|days} late"),
    "rules.value.score_points": ("{n} 分", "{n} {n:plural point|points}"),
    "rules.value.checkpoint": ("{month}月 {pct}%", "month {month}: {pct}%"),
    "rules.value.grade_floors": (
        "优 ≥{excellent} · 良 ≥{good} · 中 ≥{fair} · 差 <{fair}",
        "excellent ≥{excellent} · good ≥{good} · fair ≥{fair} · poor <{fair}",
    ),
    "rules.value.none": ("无", "none"),
    "rules.origin.project": ("项目 {code}", "project {code}"),
    "rules.origin.store": ("数据文件旁的规则文件 {path}", "store file {path}"),
    "rules.origin.config": ("用户配置 {path}", "user config {path}"),
    "rules.origin.default": ("默认", "default"),
    "rules.col.rule": ("规则", "Rule"),
    "rules.col.value": ("值", "Value"),
    "rules.col.origin": ("来源", "From"),
    "rules.heading.store": ("{path} 的规则", "Rules of {path}"),
    "rules.files": ("规则文件：{files}", "rules files: {files}"),
    "rules.no_file": ("{file}（无此文件）", "{file} (not there)"),
    "rules.heading.project": ("项目 {code} 的规则（{path}）", "Rules of project {code} ({path})"),
    # Part X-OUT (issue 16): the official forms as Excel (drift/forms.py, tui/xlsx.py, drift export --format xlsx)
    "official.monitoring.title": (
        "项目支出绩效目标执行监控表",
        "Project expenditure performance target monitoring table",
    ),
    "official.self_evaluation.title": ("项目支出绩效自评表", "Project expenditure performance self-evaluation table"),
    "official.monitoring.sheet": ("监控表", "Monitoring"),
    "official.self_evaluation.sheet": ("自评表", "Self-evaluation"),
    "official.period": ("（{period}）", "({period})"),
    "official.year": ("{year}年度", "budget year {year}"),
    "official.name": ("项目名称", "Project name"),
    "official.code": ("项目代码", "Project code"),
    "official.department": ("主管部门", "Department"),
    "official.unit": ("实施单位", "Implementing unit"),
    "official.money": ("项目资金（万元）", "Project funds (万元)"),
    "official.initial_budget": ("年初预算数", "Initial budget"),
    "official.annual_budget": ("全年预算数", "Annual budget"),
    "official.paid_months": ("1–{month}月执行数", "Paid, months 1–{month}"),
    "official.paid_until": ("截至{date}执行数", "Paid to {date}"),
    "official.paid_year": ("全年执行数", "Paid in the year"),
    "official.rate": ("执行率", "Execution rate"),
    "official.forecast_paid": ("全年预计执行数", "Full-year forecast"),
    "official.likelihood": ("完成目标可能性", "Likelihood of meeting the target"),
    "official.total_funds": ("年度资金总额", "Total funds of the year"),
    "official.fiscal": ("本年财政拨款", "Fiscal funds of the year"),
    "official.carried_in": ("上年结转资金", "Carried over from the year before"),
    "official.other_funds": ("其他资金", "Other funds"),
    "official.goal": ("年度绩效目标", "Annual performance goal"),
    "official.progress": ("具体完成情况", "Progress"),
    "official.overall_goal": ("年度总体目标", "Overall goal of the year"),
    "official.achieved": ("实际完成情况", "What was achieved"),
    "official.to_date_months": ("1–{month}月执行情况", "To date, months 1–{month}"),
    "official.to_date_until": ("截至{date}执行情况", "To date, to {date}"),
    "official.forecast": ("全年预计完成情况", "Full-year forecast"),
    "official.cause_text": ("原因说明", "Explanation"),
    "official.final": ("实际完成值", "Final value"),
    "official.weight": ("分值", "Weight"),
    "official.score": ("得分", "Score"),
    "official.cause_measures": ("偏差原因分析及改进措施", "Deviation cause and measures"),
    "official.total": ("总分", "Total"),
    "export.xlsx_to_terminal": (
        "xlsx 是二进制文件，不写到终端：请用 -o FILE.xlsx 或重定向输出",
        "xlsx is binary and is not written to a terminal: give -o FILE.xlsx or redirect the output",
    ),
    "export.save_xlsx": ("存为 Excel", "Save as Excel"),
    "export.save_xlsx_prompt": (
        "保存为（Excel 文件路径，监控表与自评表）",
        "Save as (path of the Excel file: the official forms)",
    ),
    "export.xlsx_name": (
        "-o {path}：Excel 文件的名字应以 .xlsx 结尾",
        "-o {path}: an Excel file's name ends in .xlsx",
    ),
    "export.xlsx_shape": ("--format xlsx 不能与 {option} 同用", "--format xlsx does not combine with {option}"),
    # Issue 16 part X-IN: drift import-form (tui/formimport.py, tui/commands/forms.py)
    "form_import.cell": (
        "{file}：工作表“{sheet}”第 {row} 行 {column} 列（{header}）：{why}",
        "{file}: sheet '{sheet}' row {row} column {column} ({header}): {why}",
    ),
    "form_import.bad_cells": (
        "{file}：{count} 个单元格无法读取，未保存任何内容",
        "{file}: {count} {count:plural cell|cells} cannot be read; nothing was saved",
    ),
    "form_import.ole": (
        "{file}：是旧式 .xls 文件或设有密码的工作簿；请另存为无密码的 .xlsx",
        "{file}: is an old .xls file or a workbook with a password; save it as .xlsx without a password",
    ),
    "form_import.not_xlsx": ("{file}：不是 .xlsx 工作簿", "{file}: is not an .xlsx workbook"),
    "form_import.no_table": (
        "{file}：没有找到监控表或自评表（表头“一级指标/二级指标/三级指标”或“全年预算数/执行数”）",
        "{file}: holds no monitoring or self-evaluation table (a header row 一级指标/二级指标/三级指标, or "
        "全年预算数 with 执行数)",
    ),
    "form_import.dry_run": (
        "试运行：{file} 将带来 {count} 处修改，未保存",
        "dry run: {count} {count:plural change|changes} from {file}; nothing saved",
    ),
    "form_import.note": ("注意：{note}", "note: {note}"),
    "form_import.other_project": (
        "本表各工作表填写的都是其他项目，没有项目 {code} 的内容",
        "every sheet of the form names another project; none is about {code}",
    ),
    "form_import.several_projects": (
        "表中填写了多个项目（{codes}），请用 --project 项目代码 指定一个",
        "the form names several projects ({codes}); choose one with --project CODE",
    ),
    "form_import.unknown_project": (
        "表中 {cell} 填写的项目“{text}”不在存储中；请用 --project 项目代码 指定导入哪个项目",
        "the form's {cell} names the project {text!r}, which is not in the store; choose one with --project CODE",
    ),
    "form_import.named_otherwise": (
        "表中 {cell} 填写的项目“{text}”不在存储中；按 --project 导入项目 {code}",
        "the form's {cell} names the project {text!r}, which is not in the store; read as {code}, as --project says",
    ),
    "form_import.how.percent_format": (
        "单元格为 {raw}，百分比格式，按小数读取",
        "the cell holds {raw} formatted as a percentage: read as a fraction",
    ),
    "form_import.how.bare_percent": (
        "单元格显示 {raw}，没有百分比格式：按百分数读取为 {raw}%（若表示小数比例，请写成带 % 的数，或把单元格设为百分比格式）",
        "the cell shows {raw} with no % format: read in percent as {raw}% (for a fraction, write it with % or "
        "format the cell as a percentage)",
    ),
    "form_import.why.formula": (
        "公式没有保存计算结果；请用 Excel 或 WPS 打开并保存后再导入",
        "a formula whose result was never saved; open and save the file in Excel or WPS first",
    ),
    "form_import.why.error_value": (
        "单元格是表格软件的错误值 {value}，不是数值；请先改正公式",
        "holds the spreadsheet's error {value}, not a value; correct its formula first",
    ),
    "form_import.why.tick": (
        "“{text}”不是勾选（✓ √ 是 Y）也不是未勾选（空白、否、×）",
        "{text!r} is neither a tick (✓ √ 是 Y) nor unticked (blank, 否, ×)",
    ),
    "form_import.why.likelihood": (
        "“{text}”不是完成目标可能性（确定能、有可能、完全不可能）",
        "{text!r} is not a likelihood (确定能, 有可能, 完全不可能)",
    ),
    "form_import.why.grade": (
        "“{text}”不是评价等级（达成、部分达成、未达成）",
        "{text!r} is not a grade (达成, 部分达成, 未达成)",
    ),
    "form_import.why.two_ticks": (
        "完成目标可能性勾选了不止一项（{columns} 列）；只能勾选一项",
        "more than one likelihood is ticked (columns {columns}); tick one",
    ),
    "form_import.why.twice": (
        "与 {other} 填写的值不同；同一项只能有一个值",
        "differs from {other}, which states the same field; give one value",
    ),
    "form_import.why.paid_until": (
        "看不出执行数截至哪一天（应为“1-N月执行数”“全年执行数”或“截至日期执行数”）",
        "does not say the day its paid figures count to (1-N月执行数, 全年执行数 or 截至DATE执行数)",
    ),
    "form_import.why.points_over": (
        "得分 {points} 高于该指标的分值 {weight}",
        "the score {points} is more than the indicator's 分值 {weight}",
    ),
    "form_import.why.points_band": (
        "得分 {points} 不在“{grade}”的分数段 {low}–{high} 内",
        "the score {points} is outside the band of {grade}, {low}–{high}",
    ),
    "form_import.why.no_level3": (
        "有指标值但没有三级指标名称",
        "states a target but no level-3 indicator name",
    ),
    "form_import.why.ambiguous": (
        "三级指标名称对应多个指标（{ids}）；请按存储中的一级、二级指标填写",
        "the level-3 name matches several indicators ({ids}); write its level-1 and level-2 names as drift has them",
    ),
    "form_import.why.new_without_target": (
        "不是本项目已有的指标，且没有年度指标值，无法新增",
        "is no indicator of this project, and without a target (年度指标值) it cannot be added as a new one",
    ),
    "form_import.why.no_source": (
        "“{label}”不是本项目的资金来源；请先用 drift source 添加，或清空该行",
        "{label!r} is not a funding source of this project; list it with drift source first, or clear the line",
    ),
    "form_import.left.initial_budget": (
        "{cell}：drift 只记录整个项目的年初预算数，各资金来源的未记录",
        "{cell}: drift keeps the initial budget (年初预算数) of the whole project only; not recorded",
    ),
    "form_import.left.forecast": (
        "{cell}：全年预计执行数按各资金来源记录，合计行未记录",
        "{cell}: the year's forecast is kept per funding source; the total's is not recorded",
    ),
    "form_import.left.budget_score": (
        "{cell}：预算执行的得分由 drift 自行计算，计入总分；未作为声明记录",
        "{cell}: drift computes the budget execution's score itself, within the total; not recorded as a claim",
    ),
    "form_import.left.row_score": (
        "{cell}：drift 无法把这一行的得分记为声明，未记录",
        "{cell}: drift holds no claim of this score to check it against; not recorded",
    ),
    "form_import.left.group": (
        "{cell}：该行合并了多个资金来源，drift 按来源记录，未记录",
        "{cell}: the line groups several funding sources; drift keeps money per source; not recorded",
    ),
    "form_import.not_a_file": (
        "{file}：不是普通文件（目录、管道或设备）",
        "{file}: not a regular file (a folder, a pipe or a device)",
    ),
    "form_import.too_big": (
        "{file}：超过 {limit} MB，不像一张填好的表",
        "{file}: larger than {limit} MB, which no filled form is",
    ),
    "form_import.left.breakdown": (
        "{cell}：按用途细分的一行（其中：…），本系统不记录，已跳过，其下各行照常读取",
        "{cell}: a line breaking money down by purpose (其中：…), which drift keeps no figure for; the lines below it "
        "are read all the same",
    ),
    "form_import.left.target": (
        "{cell}：年度指标值与 {id} 记录的不同；指标值以存储为准，未修改",
        "{cell}: the target differs from the one {id} has; targets are not changed by a form, the store's is kept",
    ),
    # Issue 17, part KEYS: vim movement, search in a view, the palette's actions, preferences, the sample notice.
    "key.down": ("下移", "Down"),
    "key.up": ("上移", "Up"),
    "key.first": ("到第一行", "First line"),
    "key.last": ("到最后一行", "Last line"),
    "palette.key": ("按键 {shown}", "key {shown}"),
    "palette.overview": ("项目概况", "the project's overview"),
    "palette.schedule": ("计划与实际进度，甘特图", "planned and actual schedule, the Gantt chart"),
    "palette.budget": ("预算、下达、支出与序时进度", "budget, allocations, payments and time progress"),
    "palette.indicators": ("三级绩效指标", "the three-level indicator grid"),
    "palette.findings": ("问题、风险与报告声明", "findings, risks and the report's claims"),
    "palette.history": ("本项目的修改记录", "this project's change history"),
    "palette.pay": ("记一笔支出", "record a payment"),
    "palette.allocate": ("记一笔下达", "record an allocation"),
    "palette.record": ("录入阶段实际日期或指标完成值", "record a phase's actual dates or an indicator's value"),
    "palette.reported": ("记一个报告所述的累计数", "record a figure the report states to date"),
    "palette.reported_edit": ("修改一个报告所述的累计数", "change a figure the report states"),
    "palette.claim": ("记一条报告声明", "record a claim the report makes"),
    "palette.status_date": (
        "设定项目的状态日期（保存，所有人可见）",
        "set the project's status date (saved, for everyone)",
    ),
    "palette.undo": ("撤销你的上一次修改", "undo your last change"),
    "palette.quit": ("退出 drift", "quit drift"),
    "palette.back": ("返回上一屏", "back to the screen before"),
    "palette.theme": ("配色主题", "Theme"),
    "palette.theme_help": ("更换配色主题（会记住）", "change the colour theme (remembered)"),
    "palette.maximize": ("最大化", "Maximize"),
    "palette.maximize_help": ("最大化当前部件", "maximize the focused widget"),
    "palette.minimize": ("还原", "Minimize"),
    "palette.minimize_help": ("还原最大化的部件", "restore the maximized widget"),
    "palette.screenshot": ("截图", "Screenshot"),
    "palette.screenshot_help": ("把当前屏幕存为 SVG 图片", "save the screen as an SVG picture"),
    "app.sample": (
        "正在显示内置样例（{path}）：drift import 文件 导入你的项目；--store 或配置文件指定其他数据文件",
        "Showing the bundled sample ({path}): drift import FILE adds your projects; --store or the config file names "
        "another store",
    ),
    "key.search": ("搜索", "Search"),
    "key.next_match": ("下一个匹配", "Next match"),
    "key.previous_match": ("上一个匹配", "Previous match"),
    "key.clear_search": ("结束搜索", "End search"),
    "search.of": ("第 {current} 个，共 {total} 个", "{current} of {total}"),
    "search.none": ("无匹配", "no match"),
    "palette.search": ("在本视图的文字中搜索", "search this view's text"),
    "palette.next_match": ("到下一个匹配", "to the next match"),
    "palette.previous_match": ("到上一个匹配", "to the match before"),
    "palette.clear_search": ("结束搜索，取消高亮", "end the search and its highlights"),
    "prefs.unreadable": (
        "{path}：无法读取（{problem}）；使用默认设置",
        "{path}: cannot be read ({problem}); using the defaults",
    ),
    "prefs.not_toml": (
        "{path}：不是有效的 TOML（{problem}）；使用默认设置",
        "{path}: not valid TOML ({problem}); using the defaults",
    ),
    "prefs.unknown_key": (
        "{path}：{name}：drift 没有这项设置（可设：{keys}）；已忽略",
        "{path}: {name}: not a setting drift knows (it knows {keys}); left aside",
    ),
    "prefs.not_text": (
        "{path}：{name}：应为加引号的文字；使用默认值",
        "{path}: {name}: must be quoted text; using the default",
    ),
    "prefs.bad_lang": (
        "{path}：lang：应为 zh 或 en，而不是“{value}”；使用默认值",
        "{path}: lang: must be zh or en, not {value!r}; using the default",
    ),
    "prefs.bad_theme": (
        "{path}：theme：没有名为“{value}”的配色主题；使用默认主题",
        "{path}: theme: no theme is called {value!r}; using the default",
    ),
    "prefs.store_nul": (
        "{path}：store：{value!r} 含 NUL 字符，不能作为路径；使用默认存储",
        "{path}: store: {value!r} holds a NUL character, not a path; using the default store",
    ),
    "prefs.store_no_home": (
        "{path}：store：{value} 的 ~ 所指用户在本机没有主目录；使用默认存储",
        "{path}: store: the ~ of {value} names a user without a home folder here; using the default store",
    ),
    "cli.store_nul": ("{value!r} 含 NUL 字符，不能作为路径", "{value!r} holds a NUL character, not a path"),
    "cli.store_no_home": (
        "{value} 的 ~ 所指用户在本机没有主目录",
        "the ~ of {value} names a user without a home folder here",
    ),
    "prefs.not_remembered": (
        "配色主题未能记入 {path}：{problem}",
        "the theme could not be remembered in {path}: {problem}",
    ),
    "prefs.from_option": ("命令行选项 {name}", "the option {name}"),
    "prefs.from_environment": ("环境变量 ${name}", "the variable ${name}"),
    "prefs.from_file": ("配置文件 {name}", "the config file {name}"),
    "prefs.from_locale": ("系统语言环境（LC_ALL、LC_MESSAGES、LANG）", "the locale (LC_ALL, LC_MESSAGES, LANG)"),
    "prefs.from_default": ("默认", "the default"),
    "prefs.theme_default": ("Textual 默认主题", "Textual's default"),
    "prefs.file": ("配置文件", "config file"),
    "prefs.no_folder": (
        "（未设 $XDG_CONFIG_HOME 与 $HOME，无配置文件）",
        "(none: neither $XDG_CONFIG_HOME nor $HOME is set)",
    ),
    # Part LANG (issue 17): refusals of the command line, and the store's by key (their English is store.errors.ENGLISH).
    "option.not_with": ("{option} 不能与 {other} 同时使用", "{option} cannot be used with {other}"),
    "option.needs": ("{what}需要 {options}", "{what} needs {options}"),
    "option.edit_needs": ("{record} 至少需要 {options} 之一", "{record} needs at least one of {options}"),
    "option.new.payments": ("新增支出", "a new payment"),
    "option.new.allocations": ("新增下达", "a new allocation"),
    "option.new.claims": ("新增声明", "a new claim"),
    "option.new.reported": ("报告数", "a reported figure"),
    "option.new.sources": ("新增资金来源", "a new funding source"),
    "option.new.events": ("新增事件", "a new event"),
    "option.new.findings": ("新增问题", "a new finding"),
    "option.new.recommendations": ("新增建议", "a new recommendation"),
    "option.new.compliance": ("新增延伸监控事项", "a new compliance check"),
    "option.nothing_to_change": ("没有要修改的内容：请给出 {options}", "nothing to change: give {options}"),
    "option.add_no_number": ("add 不带序号：{what}排在最后", "add takes no number: {what} goes last"),
    "option.needs_number": (
        "{action} 需要记录的序号，即 `drift status` 所列的 1、2 …",
        "{action} needs the number of the record, as `drift status` lists them (1, 2 …)",
    ),
    "option.allow_duplicate": (
        "--allow-duplicate 只用于新增支出，不能与 --edit 或 --delete 同时使用",
        "--allow-duplicate is for a new payment; it cannot be used with --edit or --delete",
    ),
    "option.figure_needs": (
        "报告数需要 --allocated、--paid 或两者",
        "a reported figure needs --allocated, --paid or both",
    ),
    "option.source_id_stays": (
        "--id 用于新增来源；来源的 id 是其记录所引用的，不能更改",
        "--id names a new source; a source's id is what its records name, and stays",
    ),
    "option.marks_needs_phase": (
        "--marks 需要 --phase：该事件标志其开始或结束的阶段",
        "--marks needs --phase: the phase whose start or end the event marks",
    ),
    "md.gantt_start_unknown": ("{name}（开始日期未记录）", "{name} (start not recorded)"),
    "source.has_records": (
        "资金来源 {source!r} 下有 {count} 条记录（{records}）：请先删除，或改记到其他来源",
        "source {source!r} has {count} {count:plural record|records} against it ({records}): "
        "{count:plural delete it or record it|delete them or record them} against another source first",
    ),
    **{
        key: (zh, ENGLISH[key])
        for key, zh in {
            "error.located": "{where}：{message}",
            "error.no_such_store": "{path}：数据文件不存在",
            "error.cannot_read": "{path}：无法读取：{problem}",
            "error.changed_while_read": "{path}：drift 读取期间文件被就地改写（drift 保存时整体替换文件）；请重新读取",
            "error.not_json": "{path}：不是有效的 JSON（{problem}）",
            "error.not_utf8": "{path}：不是 UTF-8 文本（第 {offset} 字节处为 0x{byte}）",
            "error.is_directory": "{path}：是文件夹，不是数据文件",
            "error.lock_held": "{path}：另一个 drift 正在保存（锁 {lock} 已被占用超过 {seconds} 秒）；请稍后再试",
            "error.lock_lost": "{path}：保存期间锁文件 {lock} 被删除或替换，可能有另一次保存同时进行；未保存任何内容；"
            "请重试，并保留锁文件",
            "error.stale": "{path}：读取后已被他人修改（现为版本 {revision}，你读取的是版本 {yours}）；请重新读取后再试",
            "error.conflict": "冲突：读取后已被他人修改：{details}；未保存任何内容",
            "error.conflict.exists": "{where} 已存在：对方 {theirs}，你的 {yours}",
            "error.conflict.deleted": "{where} 已被删除",
            "error.conflict.deleted_yours": "{where} 已被删除；你的：{yours}",
            "error.conflict.delete_field": "{where} {field}：对方 {theirs}，你读取的是 {read}，并将删除它",
            "error.conflict.field": "{where} {field}：对方 {theirs}，你的 {yours}（你读取的是 {read}）",
            "error.no_project": "数据文件中没有项目 {code!r}",
            "error.no_record": "项目 {code} 中没有{kind}记录 {record!r}（已有：{listed}）",
            "error.none_yet": "暂无",
            "error.allocations_recorded": "已记录 {count} 笔下达；请先删除",
            "error.date_form": "{shown} 不是 YYYY-MM-DD 格式的日期",
            "error.date_years": "{text!r} 超出 drift 接受的年份（{first}–{last}）",
            "error.date_calendar": "{text!r} 不是日历上存在的日期",
            "error.money_negative": "{text!r} 不能为负数",
            "error.money_form": "{shown} 不是“589.20”这样的金额（数字，至多 {places} 位小数）",
            "error.money_largest": "{shown} 超过 drift 接受的最大金额 {largest} 万元",
            "error.source_ambiguous": "{shown} 可能是 {sources} 中的任一个：请按所列名称指定一个",
            "error.source_unlisted": "{shown} 不是本项目的资金来源：请先在 funding.sources 中列出"
            "（现有 {sources}；整个项目的资金请不填来源）",
            "error.source_unknown": "{shown} 不是本项目的资金来源；请指定 {sources} 之一",
        }.items()
    },
    # Issue 17, part CLIOUT: the command line in narrow terminals, its help in Chinese, shell completion.
    "status.col.risks": ("风险指标", "At risk"),
    "argparse.usage": ("用法：", "usage: "),
    "argparse.options": ("选项", "options"),
    "argparse.positionals": ("位置参数", "positional arguments"),
    "cli.commands": ("命令", "commands"),
    # Issue 17, part LAYOUT: the portfolio's line under its header.
    "pf.as_of": ("查看日期 {date}，非各项目的状态日期", "as of {date}, not each project's status date"),
    "pf.shown": ("{count} 个项目中显示 {shown} 个", "{shown} of {count} {count:plural project|projects}"),
    "pf.analysing": ("已分析 {done}/{count}", "{done} of {count} analysed"),
    # Part LIVE of issue 17: the store reloaded as colleagues save, the reload key, the conflict dialog.
    "key.reload": ("重新读取", "Reload"),
    "palette.reload": ("立即重新读取存储文件", "Read the store file again now"),
    "live.revision": ("版本 {revision}（{who}）：{what}", "revision {revision} by {who}: {what}"),
    "live.revisions": ("版本 {first}–{last}（{who}）：{what}", "revisions {first}–{last} by {who}: {what}"),
    "live.unrecorded": (
        "版本 {revision}：存储文件已变化（无修改记录）",
        "revision {revision}: the store file changed (no history recorded)",
    ),
    "live.unchanged": ("已重新读取：仍是版本 {revision}", "Reloaded: still revision {revision}"),
    "live.failed": (
        "无法重新读取存储，仍显示版本 {revision}：{reason}",
        "Cannot read the store again, still showing revision {revision}: {reason}",
    ),
    "live.list_separator": ("、", ", "),
    "live.kind.details": ("项目信息 {count} 条", "{count} {count:plural project detail|project details}"),
    "live.kind.project": ("项目 {count} 条", "{count} {count:plural project|projects}"),
    "live.kind.funding": ("预算 {count} 条", "{count} {count:plural budget figure|budget figures}"),
    "live.kind.sources": ("资金来源 {count} 条", "{count} {count:plural funding source|funding sources}"),
    "live.kind.allocations": ("下达 {count} 条", "{count} {count:plural allocation|allocations}"),
    "live.kind.payments": ("支出 {count} 条", "{count} {count:plural payment|payments}"),
    "live.kind.reported": ("报告数 {count} 条", "{count} {count:plural reported figure|reported figures}"),
    "live.kind.phases": ("阶段 {count} 条", "{count} {count:plural phase|phases}"),
    "live.kind.events": ("事件 {count} 条", "{count} {count:plural event|events}"),
    "live.kind.indicators": ("指标 {count} 条", "{count} {count:plural indicator|indicators}"),
    "live.kind.claims": ("报告声明 {count} 条", "{count} {count:plural claim|claims}"),
    "live.kind.findings": ("问题 {count} 条", "{count} {count:plural finding|findings}"),
    "live.kind.compliance": ("延伸监控 {count} 条", "{count} {count:plural compliance check|compliance checks}"),
    "live.kind.recommendations": ("建议 {count} 条", "{count} {count:plural recommendation|recommendations}"),
    "live.kind.rules": ("规则 {count} 条", "{count} {count:plural rule setting|rule settings}"),
    "key.keep_theirs": ("保留对方的", "Keep theirs"),
    "key.mine_on_theirs": ("在对方基础上保存我的", "Mine on theirs"),
    "conflict.title": (
        "你打开表单后，别人修改并保存了这些字段：",
        "Someone else saved these fields after you opened the form:",
    ),
    "conflict.field": ("字段", "Field"),
    "conflict.theirs": ("对方的（已保存）", "Theirs (saved)"),
    "conflict.yours": ("你的（未保存）", "Yours (not saved)"),
    "conflict.unchanged": ("（未改，取对方的）", "(not changed: theirs stays)"),
    "conflict.keys": (
        "t 保留对方的（放弃我对这些字段的修改） · m 在对方基础上保存我的 · Esc 返回表单",
        "t keep theirs (drop mine for these fields) · m save mine on top of theirs · Esc back to the form",
    ),
    "conflict.keys.gone": (
        "记录已被删除：t 关闭表单 · Esc 返回表单",
        "The record was removed: t close the form · Esc back to the form",
    ),
    "form.conflict": (
        "你打开表单后别人修改了同一字段，未保存（Ctrl+S 重新选择）",
        "Someone else changed the same field since you opened the form; nothing was saved (Ctrl+S to choose again)",
    ),
    "form.conflict.theirs": ("对方：{theirs}", "theirs: {theirs}"),
    "form.kept_theirs": ("已保留对方的修改，你没有其他修改", "Kept theirs; nothing else of yours was left to save"),
    "form.kept_theirs.rest": (
        "已保留对方的修改；Ctrl+S 保存你的其他修改",
        "Kept theirs; Ctrl+S saves the rest of your changes",
    ),
    # Issue 17, part FIXZH: argparse's own errors (tui/helptext.py matches argparse's English and words it here).
    "argparse.error": ("错误：", "error: "),
    "cli.warning": ("警告：", "warning: "),
    "later.projects_viewed.one": (
        "{n} 个项目有晚于查看日期 {date} 的记录，未计入：{codes}",
        "{n} project has records after the as-of date {date}, not counted: {codes}",
    ),
    "later.projects_viewed.many": (
        "{n} 个项目有晚于查看日期 {date} 的记录，未计入：{codes}",
        "{n} projects have records after the as-of date {date}, not counted: {codes}",
    ),
    "argparse.unrecognized": ("无法识别的参数：{arguments}", "unrecognized arguments: {arguments}"),
    "argparse.required": ("缺少必需的参数：{arguments}", "the following arguments are required: {arguments}"),
    "argparse.one_required": ("必须给出参数 {arguments} 之一", "one of the arguments {arguments} is required"),
    "argparse.expected_one": ("需要一个值", "expected one argument"),
    "argparse.expected_at_most_one": ("至多需要一个值", "expected at most one argument"),
    "argparse.expected_at_least_one": ("至少需要一个值", "expected at least one argument"),
    "argparse.expected_count": ("需要 {count} 个值", "expected {count} {count:plural argument|arguments}"),
    "argparse.not_allowed_with": ("不能与 {other} 同时使用", "not allowed with argument {other}"),
    "argparse.ignored_explicit": ("不接受值 {value}", "ignored explicit argument {value}"),
    "argparse.invalid_value": ("{value} 不是有效的{type}", "invalid {type} value: {value}"),
    "argparse.type.other": (" {type} 值", "{type}"),
    "argparse.type.int": ("整数", "int"),
    "argparse.type.float": ("数字", "float"),
    "argparse.invalid_choice": (
        "无效的选择：{value}（可选：{choices}）",
        "invalid choice: {value} (choose from {choices})",
    ),
    "argparse.invalid_choice_closest": (
        "无效的选择：{value}，是否想用 {closest}？（可选：{choices}）",
        "invalid choice: {value}, maybe you meant {closest}? (choose from {choices})",
    ),
    "argparse.ambiguous": (
        "选项 {option} 有歧义，可能是 {matches}",
        "ambiguous option: {option} could match {matches}",
    ),
    "argparse.unexpected_option": ("意外的选项：{option}", "unexpected option string: {option}"),
    "argparse.argument": ("参数 {argument}：{message}", "argument {argument}: {message}"),
    # Part FIXZH: the store's refusals that were English only (their English is store.errors.ENGLISH).
    **{
        key: (zh, ENGLISH[key])
        for key, zh in {
            "error.money_year": "{date} 不在 {first}–{last} 年内：{year} 年度预算的资金只在前一年（提前下达）"
            "到后一年（结转）之间下达和支出",
            "error.year_form": "{text!r} 不是 2024 这样的年份",
            "error.percent_form": "{text!r} 不是“45”或“45%”这样的百分比",
            "error.percent_range": "{text!r} 应在 0 到 100 之间",
            "error.rate_form": "{shown} 不是“100%”或“33.43”这样的比率",
            "error.likelihood_form": "{shown} 不是完成目标可能性：确定能、有可能、完全不可能（certain …）",
            "error.score_form": "{shown} 不是“85.81”这样的百分制得分",
            "error.claim_empty": "声明的值为空",
            "error.claim_subject_none": "不能指定 {subject!r}：{kind} 类声明针对整个项目",
            "error.claim_subject_missing": "缺少：{kind} 类声明针对{about}{listed}",
            "error.claim_subject_wrong": "{subject!r} 不是{about}{listed}",
            "claim.about.source": "本项目的一个资金来源（留空为合计）",
            "claim.about.phase": "本项目的一个阶段（留空为整个项目）",
            "claim.about.indicator": "本项目的一个指标",
            "claim.about.indicator_or_total": "本项目的一个指标（留空为总分）",
            "error.tolerance_likelihood": "完成可能性类声明不设容差",
            "error.tolerance_most": "{tolerance} 超过 {kind} 类声明允许的容差（{most}）",
            "error.tolerance_days": "{tolerance} 不是整数天",
            "error.control_character": "含有控制字符 {code}；请删除",
            "error.too_long": "长 {length} 个字符；至多 {limit} 个",
            "error.tolerance_form": "{shown} 不是“1”或“0.5”这样的容差（不能为负数）",
            "error.target_form": "{text!r} 不是“≥95%”、“2”或“提升”这样的目标值",
            "error.document_not_json": "不是有效的 JSON（{problem}）",
            "error.unknown_field": "未知字段 {name!r}",
            "error.required": "缺少此项",
            "error.not_one_of": "{value!r} 不是以下之一：{choices}",
            "error.not_a_list": "应为列表",
            "error.too_many_records": "有 {count} 条记录；至多 {limit} 条",
            "error.not_an_object": "应为对象",
            "error.not_text": "{value!r} 应为文本",
            "error.not_whole": "{value!r} 应为整数",
            "error.whole_negative": "{value!r} 不能为负数",
            "error.whole_largest": "{value!r} 超过 {limit}",
            "error.not_bool": "{value!r} 应为 true 或 false",
            "error.not_a_number": "{value!r} 不是数字",
            "error.money_comma": "{value!r} 应为十进制数字字符串：请去掉千位分隔逗号",
            "error.money_ascii": "{value!r} 应为十进制数字字符串：请写作“{fixed}”（半角数字）",
            "error.money_written": "{value!r} 应为以万元计的十进制数字字符串：请写作“{fixed}”",
            "error.date_written": "{value!r} 不是日期：请写作 {fixed}",
            "error.year_range": "{year} 超出 drift 接受的年份（{first}–{last}）",
            "error.money_number": "{text!r} 应写成“589.20”这样的十进制数字字符串，不能是 JSON 数字",
            "error.tolerance_number": "{text!r} 应写成“0.5”这样的十进制数字字符串，不能是 JSON 数字",
            "error.project_exists": "项目 {code!r} 已在存储中",
            "error.project_needs_code": "项目需要项目代码",
            "error.figure_empty": "报告数需写明下达数、支出数或两者",
            "error.source_exists": "{source!r} 已是 {code} 的资金来源",
            "error.import_form": "导入文件应为 JSON 对象 {example}",
            "error.unknown_here": "未知字段",
            "error.not_a_project_list": "应为项目列表",
            "error.import_replace": "项目 {code} 已在 {path} 中；要覆盖它，请加 --replace",
            "error.backup_revision": "{text!r} 不是版本号（见 drift backup --list）",
            "error.empty": "不能为空",
            "error.not_a_phase": "{phase!r} 不是项目 {code} 的阶段（{phases}）",
            "error.kind_amount": "{text!r} 不是“来源=金额”的写法，如 central=82",
            "error.source_kind_typed": "{kind!r} 不是以下之一：{kinds}（或 中央、省级、市县、单位自筹、其他）",
            "error.days_form": "{text!r} 不是整数天数",
            "error.points_number": "{text!r} 不是 10 或 12.5 这样的分值",
            "error.level_points_form": "{text!r} 不是“名称=分值”的写法，如 产出=50",
            "error.grade_floors_form": "{text!r} 不是“优,良,中”三个分数线，如 90,80,60",
            "error.checkpoint_form": "{text!r} 不是“月:百分比”的写法，如 6:40",
            "error.store_not_tables": "存储文件应为由各表组成的 JSON 对象",
            "error.no_meta": "缺少数据格式与版本号记录",
            "error.revision_number": "{value!r} 不是版本号",
            "error.store_id": "{value!r} 不是存储标识（16 位十六进制数字）",
            "error.not_project_table": "应为项目表",
            "error.not_document_table": "应为文档表（JSON 对象）",
            "error.code_twice": "项目代码 {code!r} 出现了两次",
            "error.not_history_table": "应为修改记录表",
            "error.timestamp": "{value!r} 不是带时区的日期时间",
            "error.record_kind": "{value!r} 不是记录类型",
            "error.key_twice": "键 {name!r} 出现了两次",
            "error.too_deep": "对象嵌套太深，无法读取",
            "error.schema_version": "{value!r} 不是数据格式版本",
            "error.schema_newer": "数据格式 {version} 比这个 drift 能读的（{known}）更新；请升级 drift",
            "error.rule_setting": "不是规则设置（{names}）",
            "error.no_such_field": "{kind} 记录没有可设置的字段 {name!r}（{fields}）",
            "error.not_regular_store": "{path}：不是普通文件（是设备、管道或套接字），不能作为存储",
            "error.cannot_create_folder": "无法创建文件夹 {folder}：{problem}",
            "error.no_folder": "{path}：文件夹 {folder} 不存在",
            "error.cannot_save": "无法保存 {path}：{problem}",
            "error.lock_is_folder": "{lock} 是文件夹，不是锁文件；删除它才能再保存",
            "error.cannot_lock": "无法锁定 {lock}：{problem}",
            "error.backups_symlink": "{folder} 是符号链接；drift 不通过符号链接保存或读取备份：请删除它",
            "error.cannot_read_backups": "无法读取 {folder} 中的备份：{problem}",
            "error.copy_differs": "{path}：副本读回的内容与迁移的不一致；请勿使用",
            "error.newer_drift": "{path}：由更新版本的 drift 写入（数据格式 {schema}）；请升级 drift 后再读取",
            "error.not_saved": "无法保存 {path}：{problem}；未保存任何内容",
            "error.read_only_file": "你对 {path} 只有读权限",
            "error.read_only_folder": "你对文件夹 {folder} 只有读权限",
            "error.read_only_replica": "{path} 是只读副本",
            "error.read_only_database": "{path} 不接受修改（default_transaction_read_only 已开启）",
            "error.read_only_role": "角色 {role} 无权修改 {path}",
            "error.read_only_save": "无法保存：{reason}",
            "error.as_said": "{text}",
            "error.grouping_comma": "{shown} 的千位分隔逗号位置不对（每三位一组，如 1,200.50）；请去掉逗号",
            "error.money_places": "{shown} 为 {value} 万元，小数超过 {places} 位（比“分”还细）；请先四舍五入",
            "error.points_form": "{shown} 不是 7.5 这样的分值（0 到 100，至多 6 位小数）",
            "error.grade_form": "{shown} 不是评价等级：{listed}",
            "error.cause_form": "{shown} 不是偏差原因：{names}",
            "error.revision_form": "{text!r} 不是 `drift log` 所列的版本号",
            "error.source_kind": "{text!r} 不是资金来源类型（{kinds}）",
            "error.month": "{month} 不是月份（1–12）",
            "error.no_backup": "{folder} 中没有版本 {revision} 的备份（现有：{kept}）",
            "error.nothing_to_undo": "没有可撤销的修改：账户 {account} 没有尚未撤销的修改",
            "error.not_yours_to_undo": "版本 {revision} 不是你（账户 {account}）尚可撤销的修改；可撤销的有：{yours}",
            "error.exists": "{path}：已存在",
            "error.no_such_file": "{path}：文件不存在",
            "error.is_folder": "{path}：是文件夹，不是文件",
            "error.not_regular": "{path}：不是普通文件（是设备、管道或套接字）；请给出文件",
            "error.empty_file": "{path}：文件为空",
            "error.json_at": "第 {line} 行第 {column} 列，位置 {offset}：{problem}",
            "error.json.end": "数据意外结束",
            "error.json.value": "意外的字符，此处应为 JSON 值",
            "error.json.list": "意外的字符，此处应为 ',' 或 ']'",
            "error.json.object": "意外的字符，此处应为 ',' 或 {brace}",
            "error.json.colon": "意外的字符，键后应为 ':'",
            "error.json.key": "意外的字符，此处应为带引号的键",
            "error.json.trailing_comma": "末尾不能有逗号",
            "error.json.leading_zero": "数字不能以 0 开头",
            "error.json.after": "JSON 文档结束后还有内容",
            "error.json.escape": "字符串中有无效的转义序列",
            "error.json.control": "字符串中有控制字符",
            "error.anchor_unchained": "没有哈希为 {anchor} 的历史条目：此修改历史未成链",
            "error.anchor_rewritten": "没有哈希为 {anchor} 的历史条目：记下该哈希以来，直到该条目的修改历史已被改写"
            "（或哈希输入有误）",
            "error.ledger_unit": "{name}:1：列 {cell!r} 带有单位；只有金额列可以带（元 或 万元）",
            "error.ledger_unknown": "{name}:1：未知的列 {column!r}；可用的列为 {columns}（{chinese}）",
            "error.ledger_twice": "{name}:1：列 {column!r} 出现了两次",
            "error.ledger_missing": "{name}:1：表头缺少列 {column!r}；可用的列为 {columns}",
            "error.duplicate": "与项目 {project} 的支出 {record} 相同（{date}，{source}，{amount}，{voucher}）",
            "error.duplicate_recorded": "与项目 {project} 的支出 {record} 相同（{date}，{source}，{amount}，{voucher}），由 {by} 于 {at} 记录",
            "error.voucher": "凭证号 {voucher}",
            "error.no_voucher": "无凭证号",
            "kind.project": "项目",
            "kind.funding": "预算",
            "kind.rules": "规则",
            "kind.sources": "资金来源",
            "kind.allocations": "下达",
            "kind.payments": "支出",
            "kind.reported": "报告数",
            "kind.phases": "阶段",
            "kind.events": "事件",
            "kind.indicators": "指标",
            "kind.claims": "报告声明",
            "kind.findings": "问题",
            "kind.compliance": "延伸监控",
            "kind.recommendations": "建议",
        }.items()
    },
    # Part FIXOUT of issue 17: `drift log` on a terminal and with nothing to show, rules and config lines.
    "log.none_since": ("{since} 以来没有修改记录", "no changes since {since}"),
    "log.account": ("系统账户", "Account"),
    "prefs.empty": ("{path}：{name}：不能为空；使用默认值", "{path}: {name}: must not be empty; using the default"),
    "prefs.bad_env_lang": (
        "$DRIFT_LANG：应为 zh 或 en，而不是“{value}”；已忽略",
        "$DRIFT_LANG: must be zh or en, not {value!r}; ignored",
    ),
    "prefs.store_missing": ("（此文件不存在）", "(no such file)"),
    # Issue 17, part FIXPF: the portfolio's Escape clears its filter; the palette's words for its keys.
    "key.clear_filter": ("清除筛选", "Clear filter"),
    "palette.clear_filter": ("清空筛选框并关闭，显示全部项目", "empty and close the filter box, showing every project"),
    "palette.filter": ("按编码、名称或主管部门筛选项目", "show only the projects whose code, name or department match"),
    "palette.sort": (
        "依次按灯号、进度偏差、支付、风险、标记、编码、名称排序",
        "order by light, slip, paid, risks, flags, code, name in turn",
    ),
    "palette.open": ("打开所选项目", "open the project selected"),
}


def detect_language(environ: Mapping[str, str] = os.environ) -> str:
    """$DRIFT_LANG when it names a language (drift in Chinese on a server whose locale is English); else zh when the
    locale says Chinese, else en; the first set of LC_ALL, LC_MESSAGES, LANG wins."""
    if (chosen := environ.get("DRIFT_LANG")) in LANGUAGES:
        return str(chosen)
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def plain(text: str) -> str:
    """Text safe to print to a terminal: control characters shown as escapes, never sent."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


_NOT_PATHS = frozenset({str, int, Decimal})
"""What a value most often is, told apart from a path before the slower isinstance of an abstract class."""


def code_text(code: str, made: bool, lang: str) -> str:
    """A project's code as every view shows it: marked when drift made it because the report gave none."""
    return t("code.made", lang, code=code) if made else code


def t(key: str, lang: str, **values: object) -> str:
    """The message for key in lang, with {placeholders} filled.

    A path is filled in through plain(): a file name is whatever bytes someone chose, and every message
    that names a file comes through here.
    """
    zh, en = MESSAGES[key]
    text = zh if lang == "zh" else en
    if not values:
        return text
    paths = {
        name: plain(os.fspath(value))
        for name, value in values.items()
        if type(value) not in _NOT_PATHS and isinstance(value, os.PathLike)
    }
    return formatted(text, values | paths if paths else values)


def worded(message: DriftError | Words, lang: str, *, located: bool = True) -> str:
    """An error (or a message the store made by key) in lang; an error without a key keeps its own English text.
    Without located, a ValidationError says what is wrong but not where (beside the field or cell it is about)."""
    words = message if isinstance(message, Words) else message.words
    if words is None:
        return message.message if isinstance(message, ValidationError) and not located else str(message)
    said = t(words.key, lang, **{name: _worded_value(value, lang) for name, value in words.values.items()})
    where = message.where() if isinstance(message, ValidationError) and located else ""
    return t("error.located", lang, where=where, message=said) if where else said


def _worded_value(value: object, lang: str) -> object:
    if isinstance(value, Words):
        return worded(value, lang)
    if isinstance(value, tuple) and value and all(isinstance(item, Words) for item in value):
        return ("；" if lang == "zh" else "; ").join(worded(item, lang) for item in value)
    return value


# Issue 17, part CLIOUT: `drift --help` in Chinese. The command line's help is written in English beside each option
# (argparse's help=); here is each text's Chinese, looked up by the English, which a test holds complete. A
# description is its command's help with a capital and a full stop, and is looked up as that help.
HELP_ZH: dict[str, str] = {
    "How far publicly funded projects drift from plan. Without a command, opens the dashboard.": (
        "跟踪财政资金项目偏离计划的程度。不带命令时打开仪表盘。"
    ),
    "show this help message and exit": "显示本帮助并退出",
    "store file or postgresql://… URL (default: $DRIFT_STORE, else `store` in $XDG_CONFIG_HOME/drift/config.toml, "
    "else $XDG_DATA_HOME/drift/store.json)": (
        "存储文件或 postgresql://… 地址（默认：$DRIFT_STORE，否则 $XDG_CONFIG_HOME/drift/config.toml 中的 `store`，"
        "否则 $XDG_DATA_HOME/drift/store.json）"
    ),
    "language (default: $DRIFT_LANG, else `lang` in the config file, else the locale)": (
        "语言（默认：$DRIFT_LANG，否则配置文件中的 `lang`，否则按系统区域设置）"
    ),
    "show the language, store and theme in force and where each comes from": "显示当前生效的语言、存储和主题及各自来源",
    "show program's version number and exit": "显示版本号并退出",
    "do not look at the store file for colleagues' saves (the dashboard's R reloads it)": (
        "不监视存储文件中同事的保存（仪表盘中按 R 可重新读取）"
    ),
    "create the store (from the bundled sample unless --empty)": "创建存储（除非 --empty，否则载入自带样例）",
    "add the projects of an import file to the store": "把导入文件中的项目加入存储",
    "check the store, or every file given, without changing anything; exit 2 if any is bad": (
        "检查存储或所给的每个文件，不做任何修改；有任何问题时退出码为 2"
    ),
    "list the projects in the store": "列出存储中的项目",
    "show schedule, budget and indicator deviations as of a date": "显示截至某日的进度、预算和指标偏差",
    "print one line per deviation at or above a level; exit 3 when there is any": (
        "每个达到或高于某级别的偏差输出一行；有偏差时退出码为 3"
    ),
    "record a payment (支出), or --edit or --delete one": "记录一笔支出，或用 --edit / --delete 修改、删除",
    "record an allocation (下达), or --edit or --delete one": "记录一笔下达，或用 --edit / --delete 修改、删除",
    "record a cumulative figure a report states as of a date (allocated, paid), or --edit or --delete one": (
        "记录报告所述截至某日的累计数（下达、支出），或用 --edit / --delete 修改、删除"
    ),
    "list a funding source of the project, or --edit or --delete one": (
        "登记项目的一个资金来源，或用 --edit / --delete 修改、删除"
    ),
    "set the annual budget, the whole project's budget or the carry-over the report states": (
        "设置年度预算、项目总预算或报告所述的结转数"
    ),
    "set or clear a phase's actual start and end": "设置或清除某阶段的实际开始和结束日期",
    "record a milestone event with its document number": "记录一个里程碑事件及其文号",
    "record an indicator's value to date, forecast, likelihood, deviation cause, and at the self-evaluation its "
    "final value, 分值, grade and points": (
        "记录指标的完成情况、全年预计、完成可能性、偏差原因，以及自评时的实际完成值、分值、等级和得分"
    ),
    "set the project's status date": "设置项目的状态日期",
    "record what the report claims (a rate, a completion date, a value, a likelihood, a score), or --edit or "
    "--delete one; drift holds it against the records": (
        "记录报告的声明（比率、完成日期、数值、可能性、得分），或用 --edit / --delete 修改、删除；drift 将其与记录核对"
    ),
    "show the rules in force and where each comes from (project, store file, user config, default)": (
        "显示生效的规则及各自来源（项目、存储文件、用户配置、默认）"
    ),
    "set the project's time basis, light thresholds, spending checkpoints and score rules": (
        "设置项目的时间口径、亮灯阈值、支出节点和评分规则"
    ),
    "add, edit or delete a finding (problem, cause, recommendation)": "添加、修改或删除一条发现（问题、原因、建议）",
    "add, edit or delete a recommendation not tied to a finding": "添加、修改或删除一条不属于任何发现的建议",
    "add, edit or delete a compliance check (延伸监控)": "添加、修改或删除一项延伸监控",
    "add a new project with its code, name, budget year and annual budget": (
        "新增项目，给出项目代码、名称、预算年度和年度预算"
    ),
    "list the recorded changes: who changed which field, when, from what to what": (
        "列出已记录的修改：谁在何时把哪个字段从什么改成什么"
    ),
    "revert your last change, as a new change": "撤销你的上一次修改（作为一次新的修改保存）",
    "add the payments of a ledger export (CSV); nothing is saved unless every row is valid": (
        "导入账簿导出文件（CSV）中的支出；只有每一行都有效时才保存"
    ),
    "record a filled monitoring or self-evaluation table (.xlsx); nothing is saved unless every cell is readable": (
        "录入填好的监控表或自评表（.xlsx）；只有每个单元格都能读取时才保存"
    ),
    "write a Markdown snapshot, or the official forms as Excel": "输出 Markdown 快照，或以 Excel 输出正式表格",
    "list the backups of earlier revisions, or --restore one as a new revision": (
        "列出早先版本的备份，或用 --restore 把其中一个恢复为新版本"
    ),
    "print the shell completion script (bash, zsh or fish)": "输出 shell 补全脚本（bash、zsh 或 fish）",
    "create a store with no projects": "创建不含项目的空存储",
    "import file (JSON, see README: Data format)": "导入文件（JSON，见 README：Data format）",
    "overwrite projects whose code is already there": "覆盖项目代码已存在的项目",
    "who imports, for the history (default: $USER)": "导入人，记入修改历史（默认：$USER）",
    "why, for the history": "原因，记入修改历史",
    "import or store files to check, each reported on its own line (default: the store; name it to check it "
    "with them)": "要检查的导入文件或存储文件，每个文件报告一行（默认：存储；与其他文件一起检查时请写出其路径）",
    "print JSON for scripts": "输出 JSON，供脚本使用",
    "only this project (default: every project)": "只看此项目（默认：全部项目）",
    "the date to analyse, YYYY-MM-DD (default: each project's status date)": (
        "分析日期，YYYY-MM-DD（默认：各项目的状态日期）"
    ),
    "the lowest level that counts as a deviation (default: yellow); unknown also lists each part (schedule, "
    "budget, indicators, allocations) the records leave unknown": (
        "算作偏差的最低级别（默认：yellow 黄灯）；unknown 还会列出记录不足以判断的各部分（进度、预算、指标、下达）"
    ),
    "change this record instead of adding one": "修改这条记录，而不是新增",
    "delete this record": "删除这条记录",
    "YYYY-MM-DD, from the year before the budget year to the year after it": ("YYYY-MM-DD，从预算年度的上一年到下一年"),
    "a funding source's id (drift status lists them); leave it out for money of the whole project": (
        "资金来源的编号（见 drift status）；属于整个项目的资金则不填"
    ),
    "万元 as a decimal, e.g. 120.50": "金额（万元），小数，如 120.50",
    "voucher number or description of the payment": "凭证号或支出说明",
    "what the money is for (the record's note)": "资金用途（记录的备注）",
    "record it even when the same payment (date, source, amount, voucher) is there": (
        "即使已有相同的支出（日期、来源、金额、凭证号）也记录"
    ),
    "the project (default: the store's only project)": "项目（默认：存储中唯一的项目）",
    "who makes the change, for the history (default: $USER)": "修改人，记入修改历史（默认：$USER）",
    "the report states that nothing was allocated (allocated 0.00)": "报告写明未下达（下达数 0.00）",
    "the report does not state its allocations (allocated figures unknown, not 0.00)": (
        "报告未说明下达情况（下达数未知，不是 0.00）"
    ),
    "the notice's number, e.g. 襄财预执[2023]674号": "下达文件的文号，如 襄财预执[2023]674号",
    "change this figure instead of adding one": "修改这个数，而不是新增",
    "delete this figure": "删除这个数",
    "the date the figure is as of (截至), YYYY-MM-DD": "该数的截至日期，YYYY-MM-DD",
    "a funding source's id; leave it out for a figure of the whole project": "资金来源的编号；属于整个项目的数则不填",
    "allocated (下达/到位) up to the date in 万元, or none (无) when the report does not state it": (
        "截至该日的下达（到位）数，万元；报告未说明时填 none（无）"
    ),
    "paid (支出) up to the date in 万元, or none (无) when the report does not state it": (
        "截至该日的支出数，万元；报告未说明时填 none（无）"
    ),
    "where the report says so, e.g. 自评报告 第二部分": "报告中的出处，如 自评报告 第二部分",
    "anything else about the figure (its note)": "关于该数的其他说明（备注）",
    "change this source instead of adding one": "修改这个资金来源，而不是新增",
    "delete this source": "删除这个资金来源",
    "what kind of money it is: central, provincial, municipal, county, local, special_bonds, social_capital, "
    "self_raised, other, or as reports name it (中央, 省级, 专项债券 …)": (
        "资金类别：central、provincial、municipal、county、local、special_bonds、social_capital、self_raised、other，"
        "或报告中的叫法（中央、省级、专项债券 …）"
    ),
    "what records name it by (default: its kind, or kind-2 …)": "记录中引用它的编号（默认：其类别，或 类别-2 …）",
    "as the report names it, e.g. 中央财政衔接推进乡村振兴补助资金": "报告中的名称，如 中央财政衔接推进乡村振兴补助资金",
    "its share of the annual budget in 万元, or none (无) when the report does not state it": (
        "其占年度预算的数额，万元；报告未说明时填 none（无）"
    ),
    "the year's forecast spending (预计支出数) in 万元, or none (无) when the report does not state it": (
        "全年预计支出数，万元；报告未说明时填 none（无）"
    ),
    "年度预算 (全年预算数) in 万元, or none (无) when the report does not state it": (
        "年度预算（全年预算数），万元；报告未说明时填 none（无）"
    ),
    "the budget at the start of the year (年初预算数) in 万元, or none (无) when the report does not state it": (
        "年初预算数，万元；报告未说明时填 none（无）"
    ),
    "the whole project's budget across its years (总投资) in 万元, or none (无) when the report does not state it": (
        "项目各年度合计的总投资，万元；报告未说明时填 none（无）"
    ),
    "the carry-over (结转) the report states at year end in 万元, or none (无) when the report does not state it": (
        "报告所述年末结转数，万元；报告未说明时填 none（无）"
    ),
    "the phase's id, e.g. design": "阶段编号，如 design",
    "actual start, YYYY-MM-DD": "实际开始日期，YYYY-MM-DD",
    "forget the actual start": "清除实际开始日期",
    "actual end, YYYY-MM-DD": "实际结束日期，YYYY-MM-DD",
    "forget the actual end": "清除实际结束日期",
    "monitor's expected end, YYYY-MM-DD": "监控方预计的结束日期，YYYY-MM-DD",
    "forget the monitor's expected end": "清除监控方预计的结束日期",
    "0–100, for earned value": "0–100，用于挣值分析",
    "delete this event instead of adding one": "删除这个事件，而不是新增",
    "YYYY-MM-DD": "YYYY-MM-DD",
    "e.g. 竣工验收": "如 竣工验收",
    "document number, e.g. 襄发改审字〔2023〕9号": "文号，如 襄发改审字〔2023〕9号",
    "the document's title": "文件标题",
    "who issued the document": "发文单位",
    "the phase this event opens or closes": "该事件开始或结束的阶段",
    "which end of --phase (default: end)": "对应 --phase 的哪一端（默认：end 结束）",
    "the indicator's id, e.g. I5": "指标编号，如 I5",
    "完成情况 as written: 0, 45%%, -": "完成情况，照原文填写：0、45%%、-",
    "全年预计 as written": "全年预计，照原文填写",
    "偏差原因分析": "偏差原因分析",
    "the monitor's analysis": "监控方的分析",
    "备注": "备注",
    "the deviation-cause headings to tick: 经费保障,制度保障,人员保障,硬件条件保障,其他 (or funding, rules, staff, "
    "facilities, other); none clears": (
        "要勾选的偏差原因类别：经费保障,制度保障,人员保障,硬件条件保障,其他（或 funding、rules、staff、facilities、other）；"
        "none 表示清除"
    ),
    "实际完成值 at the self-evaluation, as written: 37.24万元, 96%%": "自评时的实际完成值，照原文填写：37.24万元、96%%",
    "分值 of this indicator in the score; none clears": "该指标在评分中的分值；none 表示清除",
    "a qualitative indicator's grade: 达成, 部分达成, 未达成 (achieved, partly, not_achieved); none clears": (
        "定性指标的等级：达成、部分达成、未达成（achieved、partly、not_achieved）；none 表示清除"
    ),
    "得分 of a qualitative indicator, inside its grade's band; none clears": (
        "定性指标的得分，须在其等级的分数段内；none 表示清除"
    ),
    "status date (状态日期), YYYY-MM-DD": "状态日期，YYYY-MM-DD",
    "forget the status date (状态日期)": "清除状态日期",
    "具体完成情况": "具体完成情况",
    "change this claim instead of adding one": "修改这条声明，而不是新增",
    "delete this claim": "删除这条声明",
    "what the report claims": "报告声明的内容",
    "as the report writes it: 100%%, 2023-12-31, ≥95%%, certain (确定能), 85.81": (
        "照报告原文填写：100%%、2023-12-31、≥95%%、certain（确定能）、85.81"
    ),
    "the date the claim speaks for (截至), YYYY-MM-DD": "声明的截至日期，YYYY-MM-DD",
    "a funding source for a rate, a phase for a completion date, an indicator for a value, a likelihood or its "
    "得分 (a score left without: the total)": (
        "比率对应资金来源，完成日期对应阶段，数值、可能性或得分对应指标（得分不填对象时为总分）"
    ),
    "how far the records may differ: points, days or the indicator's unit; default: the rule's": (
        "记录允许的差距：百分点、天数或指标的单位；默认：按规则"
    ),
    "with this project's own rules (default: the store's rules)": "含此项目自己的规则（默认：存储的规则）",
    "count time progress in days or months": "序时进度按天或按月计算",
    "yellow when spending trails time progress by this many points (with --budget-red)": (
        "支出落后序时进度达到这么多百分点时亮黄灯（与 --budget-red 一起）"
    ),
    "red at this many points behind, above --budget-yellow": "落后达到这么多百分点时亮红灯，须高于 --budget-yellow",
    "yellow when a phase or the project finishes this many days late (with --schedule-red)": (
        "阶段或项目延期达到这么多天时亮黄灯（与 --schedule-red 一起）"
    ),
    "red at this many days late, above --schedule-yellow": "延期达到这么多天时亮红灯，须高于 --schedule-yellow",
    "by the end of MONTH, PERCENT of the annual budget paid, e.g. 6:40; repeat for each; replaces the list": (
        "到 MONTH 月底应支出年度预算的 PERCENT，如 6:40；每个节点写一次；替换原有列表"
    ),
    "this project has no spending checkpoints": "此项目不设支出节点",
    "the self-evaluation's points for budget execution, e.g. 10": "自评中预算执行率的分值，如 10",
    "the points of each level-1 group whose indicators state none, e.g. 产出=50,效益=30,满意度=10": (
        "指标未写分值时各一级指标的分值，如 产出=50,效益=30,满意度=10"
    ),
    "the lowest self-evaluation total of 优, 良 and 中, e.g. 90,80,60 (below FAIR is 差)": (
        "自评总分 优、良、中 的下限，如 90,80,60（低于 FAIR 为 差）"
    ),
    "give this setting back to the store's rules file, the user's config and the defaults; repeat for each": (
        "把这项设置交还给存储的规则文件、用户配置和默认值；每项写一次"
    ),
    "for edit and delete: 1 for the first, …": "修改和删除时使用：1 表示第一条，…",
    "the problem found": "发现的问题",
    "its cause": "问题原因",
    "what to do about it": "整改建议",
    "the recommendation": "建议内容",
    "what was checked": "检查内容",
    "what was found": "检查发现",
    "problems and risks": "问题和风险",
    "project code (项目代码), unique in the store; left out, drift makes one": (
        "项目代码，在存储中唯一；不填时由 drift 生成"
    ),
    "project name": "项目名称",
    "budget year, e.g. 2024": "预算年度，如 2024",
    "年度预算 in 万元, e.g. 589.20; leave it out when the report states none": "年度预算，万元，如 589.20；报告未写时不填",
    "a funding source and its annual budget, e.g. central=82; repeat for each": (
        "一个资金来源及其年度预算，如 central=82；每个来源写一次"
    ),
    "主管部门": "主管部门",
    "implementing unit (实施单位)": "实施单位",
    "only this project's changes": "只看此项目的修改",
    "only changes made on or after this day, YYYY-MM-DD": "只看这一天及以后的修改，YYYY-MM-DD",
    "first check the history's hash chain; exit 2 naming the first entry changed, removed or forged": (
        "先校验修改历史的哈希链；如有条目被改动、删除或伪造，指出第一条并以退出码 2 结束"
    ),
    "with the check, make sure an entry still has this hash, noted from an earlier check (implies --verify)": (
        "校验时确认某条目仍是早先校验记下的这个哈希（隐含 --verify）"
    ),
    "on whose behalf you undo your last change, for the history (default: $USER)": (
        "代表谁撤销其上一次修改，记入修改历史（默认：$USER）"
    ),
    "undo this change of yours instead of the last one (see `drift log`)": (
        "撤销你的这一次修改，而不是上一次（见 `drift log`）"
    ),
    "CSV with a header row: date, source, amount, voucher, note (or 日期, 来源, 金额, 凭证号, 摘要); UTF-8 or "
    "GBK/GB18030, separated by , ; or tab": (
        "带表头的 CSV：date, source, amount, voucher, note（或 日期, 来源, 金额, 凭证号, 摘要）；"
        "UTF-8 或 GBK/GB18030 编码，以 , ; 或制表符分隔"
    ),
    "show what would be added; save nothing": "只显示将添加的内容，不保存",
    "add every row, even one recorded already (same date, source, amount and voucher)": (
        "添加每一行，即使已有记录（日期、来源、金额和凭证号相同）"
    ),
    "a filled 项目支出绩效目标执行监控表 or 项目支出绩效自评表 (.xlsx), as drift exports it or as a department "
    "fills it": "填好的 项目支出绩效目标执行监控表 或 项目支出绩效自评表（.xlsx），由 drift 导出或由部门填写",
    "show each change and the cell it comes from; save nothing": "显示每处修改及其来源单元格，不保存",
    "write to FILE atomically (default: standard output)": "原子地写入 FILE（默认：标准输出）",
    "markdown (default), or xlsx: the monitoring and self-evaluation tables as Excel (the default for -o FILE.xlsx; "
    "never to a terminal)": (
        "markdown（默认），或 xlsx：以 Excel 输出监控表和自评表（-o FILE.xlsx 时的默认；从不输出到终端）"
    ),
    "only the table of every project": "只输出全部项目的总表",
    "report: draft the full monitoring analysis report, with marked blanks where the data has nothing": (
        "report：起草完整的监控分析报告，数据缺失处留出标记的空白"
    ),
    "list the backups, newest first (the default)": "列出备份，最新的在前（默认）",
    "make the store what it was at REVISION, as a new revision": "把存储恢复到 REVISION 版本的样子，保存为新版本",
    "who restores, for the history (default: $USER)": "恢复人，记入修改历史（默认：$USER）",
    "the shell to complete in": "要补全的 shell",
    "move the store, with its history and rules, to a PostgreSQL database or a new file": (
        "把存储连同修改历史和规则迁移到 PostgreSQL 数据库或新文件"
    ),
    "where the store goes: postgresql://USER@HOST/DATABASE, or a new store file": (
        "迁移目标：postgresql://用户@主机/数据库，或一个新的存储文件"
    ),
}
