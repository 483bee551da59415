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
