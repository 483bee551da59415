"""Synthetic portfolios shaped like the bundled sample, labelled as synthetic and the same bytes for the same seed.

    python -m benchmarks.generate --projects 10000 --seed 1 -o portfolio.json          # an import file
    python -m benchmarks.generate --projects 10000 --seed 1 -o store.json --store      # a store, at revision 1

Every project has what the seed report has, at a smaller size of prose: five phases chained by predecessors,
three funding sources with allocations and payments, twelve indicators over the three levels, findings,
recommendations and compliance rows. Codes start with "SYN-" and every name ends with "（合成）", so a synthetic
project can never be mistaken for a real one. Nothing reads the clock: dates follow from the seed alone.
"""

from __future__ import annotations

import argparse
import datetime
import random
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from store.codec import decode_project
from store.errors import DriftError
from store.files import encode_import
from store.model import Project
from store.persist import Store

CODE_PREFIX = "SYN-"
SYNTHETIC_MARK = "（合成）"
"""Appended to every project name: the sample is a real report, these are not."""

COUNTIES = (
    "东川县",
    "西岭县",
    "南桥县",
    "北塘县",
    "青石县",
    "白水县",
    "红岩县",
    "金沙县",
    "云台县",
    "松林县",
    "柳河县",
    "石门县",
)
WORKS = (
    ("城镇老旧小区改造", "住房和城乡建设管理局"),
    ("农村供水保障", "水利局"),
    ("乡村道路硬化", "交通运输局"),
    ("中小学校舍维修", "教育科技局"),
    ("污水管网建设", "住房和城乡建设管理局"),
    ("高标准农田建设", "农业农村局"),
    ("乡镇卫生院设备购置", "卫生健康局"),
    ("文化广场建设", "文化和旅游局"),
)
PHASES = (
    ("feasibility", "可研报告编制", (30, 75)),
    ("design", "勘察设计", (30, 60)),
    ("tendering", "招投标", (20, 45)),
    ("construction", "工程建设", (90, 180)),
    ("acceptance", "竣工验收", (20, 40)),
)
"""The seed's five phases, each with the range of its planned length in days; each follows the one before."""

PHASE_SLIPS = (0,) * 12 + (1, 2, 3, 5, 8, 12, 20, 45)
"""Days each phase adds to the slip it inherits: mostly none, sometimes weeks, as monitoring reports show."""

PAID_VERSUS_TIME = (-40, -25, -15, -8, -5, -2, 0, 0, 5, 10)
"""Points by which a source's payments lead (or trail) time progress: most keep pace, some fall well behind."""

SOURCES = (("central", "中央补助资金"), ("provincial", "省级补助资金"), ("local", "县级财政资金"))
INDICATORS = (
    ("产出指标", "数量指标", "改造完成数量", ("2", "5", "12"), "个"),
    ("产出指标", "数量指标", "配套设施完成率", ("100%",), ""),
    ("产出指标", "质量指标", "安全事故发生率", ("0%",), ""),
    ("产出指标", "质量指标", "验收合格率", ("100%",), ""),
    ("产出指标", "时效指标", "按时完工率", ("100%",), ""),
    ("产出指标", "成本指标", "超概算率", ("≤10%", "≤5%"), ""),
    ("效益指标", "经济效益", "带动就业人数", ("≥20", "≥50"), ""),
    ("效益指标", "社会效益", "设计功能实现率", ("100%",), ""),
    ("效益指标", "生态效益", "改善人居环境", ("改善",), ""),
    ("效益指标", "可持续影响", "设施使用年限", ("≥15",), "年"),
    ("满意度", "服务对象满意度", "受益群众满意度", ("≥95%", "≥90%"), ""),
    ("满意度", "服务对象满意度", "主管部门满意度", ("≥90%",), ""),
)
"""Twelve rows over the three levels, as in the seed's grid; the target is picked from the tuple."""

FINDINGS = (
    (
        "项目前期手续滞后",
        "前期手续办理时间比预计滞后，项目整体工作未按计划推进。",
        "加强与行政职能部门对接，倒排工期，确保如期竣工。",
    ),
    ("资金支付进度慢", "工程款按进度结算，部分合同尚未达到付款节点。", "按合同约定及时结算，提高资金使用效率。"),
    ("群众协调难度大", "涉及住户较多，意见难以统一，施工多次暂停。", "联合街道、社区做好宣传和群众工作。"),
    ("绩效目标设置不够细化", "部分指标未量化，难以衡量完成情况。", "细化量化绩效指标，完善目标申报。"),
)
COMPLIANCE = ("可研批复", "初设批复", "政府采购", "工程招标", "监理和验收", "资产管理", "会计核算")
WORK_ITEMS = (
    ("道路硬化", "m²"),
    ("给水管网", "m"),
    ("污水管网", "m"),
    ("路灯", "盏"),
    ("外墙保温", "m²"),
    ("围墙改造", "m"),
)
BASIS = (
    "《财政部关于贯彻落实<中共中央国务院关于全面实施预算绩效管理的意见>的通知》（财预〔2018〕167号）",
    "《省级部门预算绩效运行监控管理办法》（合成依据）",
)


def synthetic_projects(count: int, seed: int) -> tuple[Project, ...]:
    """count synthetic projects for seed, each decoded through store.codec, so each one is valid."""
    rng = random.Random(seed)
    return tuple(decode_project(project_document(rng, index)) for index in range(1, count + 1))


def project_document(rng: random.Random, index: int) -> dict[str, Any]:
    """The JSON form of synthetic project number index, drawing everything from rng."""
    year = rng.choice((2022, 2023, 2024))
    county = rng.choice(COUNTIES)
    work, bureau = rng.choice(WORKS)
    department = f"{county}{bureau}"
    status = _day(year, rng.randint(160, 300))  # a report between June and October, like the seed's 1–9月
    period_end = _month_end(status)
    phases, events = _schedule(rng, year, status)
    return {
        "code": f"{CODE_PREFIX}{year}-{index:06d}",
        "name": f"{year}年度{county}{work}项目{SYNTHETIC_MARK}",
        "budget_year": year,
        "funding": _funding(rng, year, status),
        "department": department,
        "implementing_unit": department,
        "location": f"{county}{rng.choice('东西南北中')}区第{rng.randint(1, 30)}片区",
        "status_date": status.isoformat(),
        "period": {
            "start": f"{year}-01-01",
            "end": period_end.isoformat(),
            "label": f"{year}年1-{period_end.month}月",
        },
        "monitor": {
            "organisation": f"合成咨询有限公司第{rng.randint(1, 9)}分部",
            "commissioned_by": f"{county}财政局",
            "fieldwork_start": _day(year, 150).isoformat(),
            "fieldwork_end": status.isoformat(),
            "report_date": (status + datetime.timedelta(days=rng.randint(10, 50))).isoformat(),
            "team": [{"role": "项目负责人", "duty": "总体负责。"}, {"role": "主评人", "duty": "方案制定与报告撰写。"}],
        },
        "scale": {"floor_area": _money(rng, 100_000, 5_000_000), "buildings": rng.randint(1, 40)},
        "work_items": [
            {"name": name, "quantity": _money(rng, 100, 900_000), "unit": unit}
            for name, unit in rng.sample(WORK_ITEMS, rng.randint(2, 5))
        ],
        "parties": [
            {"role": "建设单位", "name": department},
            {"role": "施工单位", "name": f"合成建筑工程有限公司{rng.randint(1, 99)}号"},
            {"role": "监理单位", "name": f"合成工程管理有限公司{rng.randint(1, 99)}号"},
        ],
        "basis": list(BASIS),
        "background": f"为改善{county}群众生产生活条件，实施{work}项目。本段为合成数据，非真实报告。",
        "overall_goal": f"完成{work}建设任务，提升公共服务水平。",
        "annual_goal": f"本年度完成{work}主体工程并通过验收。",
        "progress_summary": rng.choice(
            ("前期手续已完成，正在施工。", "招投标已完成，施工单位进场。", "主体工程已完工。")
        ),
        "phases": phases,
        "events": events,
        "indicators": [_indicator(rng, n, row) for n, row in enumerate(INDICATORS, start=1)],
        "findings": [
            {"problem": problem, "cause": cause, "recommendation": advice}
            for problem, cause, advice in rng.sample(FINDINGS, rng.randint(1, 3))
        ],
        "recommendations": ["将绩效监控结果作为以后年度预算编制的重要依据。"],
        "compliance": [
            {
                "item": item,
                "status": rng.choice(("已按规定办理", "项目尚未完工", "手续齐全")),
                "risk": rng.choice("无无无低中"),
            }
            for item in COMPLIANCE[: rng.randint(4, len(COMPLIANCE))]
        ],
    }


def _schedule(rng: random.Random, year: int, status: datetime.date) -> tuple[list[dict], list[dict]]:
    """Five chained phases planned from early in the year, with actuals up to the status date, and their events.

    Each phase slips by a random number of days on top of its predecessor's slip, most a little, some a lot, so
    the portfolio has green, yellow and red projects in proportions a supervisor would recognise.
    """
    phases: list[dict] = []
    events: list[dict] = []
    planned_start = _day(year, rng.randint(15, 60))
    slip = 0
    previous = None
    for phase_id, name, (shortest, longest) in PHASES:
        planned_end = planned_start + datetime.timedelta(days=rng.randint(shortest, longest) - 1)
        slip += rng.choice(PHASE_SLIPS)
        actual_start = planned_start + datetime.timedelta(days=slip)
        actual_end = planned_end + datetime.timedelta(days=slip)
        phase: dict[str, Any] = {
            "id": phase_id,
            "name": name,
            "planned_start": planned_start.isoformat(),
            "planned_end": planned_end.isoformat(),
        }
        if actual_start <= status:
            phase["actual_start"] = actual_start.isoformat()
        if actual_end <= status:
            phase["actual_end"] = actual_end.isoformat()
            event_id = f"E{len(events) + 1}"
            events.append({"id": event_id, "date": actual_end.isoformat(), "name": f"{name}完成", "phase": phase_id})
        elif actual_start <= status:
            done = (status - actual_start).days * 100 // max((actual_end - actual_start).days, 1)
            phase["percent_complete"] = str(min(done, 99))
            phase["expected_end"] = actual_end.isoformat()
            phase["expectation"] = f"预计{actual_end.month}月底完成。"
        if previous:
            phase["predecessors"] = [previous]
        phases.append(phase)
        previous = phase_id
        planned_start = planned_end + datetime.timedelta(days=1)
    return phases, events


def _funding(rng: random.Random, year: int, status: datetime.date) -> dict[str, Any]:
    """Three sources, one allocation each before the status date, and payments that trail time progress by chance."""
    budgets = [rng.randint(50_00, 5_000_00) for _ in SOURCES]  # cents of 万元
    start = datetime.date(year, 1, 1)
    known_days = (status - start).days
    time_percent = (known_days + 1) * 100 // (datetime.date(year, 12, 31) - start).days
    pace = rng.choice(PAID_VERSUS_TIME)  # one spending unit pays all its sources at much the same pace
    allocations = []
    payments = []
    for n, ((kind, _), budget) in enumerate(zip(SOURCES, budgets, strict=True), start=1):
        allocated_on = start + datetime.timedelta(days=rng.randint(30, known_days))
        allocations.append(
            {
                "id": f"A{n}",
                "date": allocated_on.isoformat(),
                "source": kind,
                "amount": _cents(budget),
                "document": f"合成财预[{year}]{rng.randint(1, 999)}号",
            }
        )
        paid_share = min(max(time_percent + pace + rng.randint(-3, 3), 0), 100)
        remaining = budget * paid_share // 100
        count = rng.randint(1, 3) if remaining else 0
        for number in range(count, 0, -1):
            amount = remaining if number == 1 else remaining // 2
            remaining -= amount
            paid_on = allocated_on + datetime.timedelta(days=rng.randint(0, (status - allocated_on).days))
            payments.append(
                {
                    "id": f"P{len(payments) + 1}",
                    "date": paid_on.isoformat(),
                    "source": kind,
                    "amount": _cents(amount),
                    "voucher": f"记-{rng.randint(1, 500)}",
                }
            )
    total = sum(budgets)
    return {
        "annual_budget": _cents(total),
        "total_budget": _cents(total * rng.choice((100, 110, 125)) // 100),
        "sources": [
            {"kind": kind, "name": name, "annual_budget": _cents(budget), "forecast": _cents(budget)}
            for (kind, name), budget in zip(SOURCES, budgets, strict=True)
        ],
        "allocations": allocations,
        "payments": payments,
        "spending_plan": [
            {"date": _month_end(datetime.date(year, month, 1)).isoformat(), "amount": _cents(total * month // 12)}
            for month in (3, 6, 9, 12)
        ],
    }


def _indicator(rng: random.Random, number: int, row: tuple) -> dict[str, Any]:
    level1, level2, level3, targets, unit = row
    target = rng.choice(targets) + unit
    likelihood = rng.choices(("certain", "possible", "impossible"), weights=(90, 9, 1))[0]
    indicator = {
        "id": f"I{number}",
        "level1": level1,
        "level2": level2,
        "level3": level3,
        "target": target,
        "to_date": rng.choice(("0", "-", target)),
        "forecast": target if likelihood != "impossible" else "0",
        "likelihood": likelihood,
    }
    behind = indicator["to_date"] != target or likelihood != "certain"
    if behind and rng.random() < 0.8:  # monitors usually, not always, explain a shortfall
        indicator["deviation_cause"] = "工期滞后，效益尚未体现。"
    return indicator


def _day(year: int, day_of_year: int) -> datetime.date:
    return datetime.date(year, 1, 1) + datetime.timedelta(days=day_of_year - 1)


def _month_end(day: datetime.date) -> datetime.date:
    first_of_next = datetime.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return first_of_next - datetime.timedelta(days=1)


def _cents(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def _money(rng: random.Random, low_cents: int, high_cents: int) -> str:
    return _cents(rng.randint(low_cents, high_cents))


def write_portfolio(path: Path, count: int, seed: int, *, as_store: bool = False) -> tuple[Project, ...]:
    """Write count synthetic projects to path: an import file, or a new store at revision 1 with as_store."""
    projects = synthetic_projects(count, seed)
    if as_store:
        Store(path).create(projects)
    else:
        path.write_bytes(encode_import(projects))
    return projects


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.generate", description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, required=True, metavar="N", help="how many projects")
    parser.add_argument("--seed", type=int, default=1, metavar="S", help="the random seed (default 1)")
    parser.add_argument("-o", "--output", required=True, metavar="FILE", help="where to write")
    parser.add_argument("--store", action="store_true", help="write a store instead of an import file")
    args = parser.parse_args(argv)
    if args.projects < 0:
        parser.error("--projects must not be negative")
    try:
        write_portfolio(Path(args.output), args.projects, args.seed, as_store=args.store)
    except DriftError as error:
        sys.stderr.write(f"generate: {error}\n")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
