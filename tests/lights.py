"""An import file with one project of each light: red (the sample), yellow, green and unknown."""

from __future__ import annotations

import copy
import json
from typing import Any

from store.files import sample_path


def _bare(project: dict[str, Any], code: str, name: str, status_date: str) -> dict[str, Any]:
    """The sample's money without phases, events or indicators, as of status_date: only the budget has a light."""
    bare = copy.deepcopy(project)
    bare.update(code=code, name=name, status_date=status_date)
    for key in ("phases", "events", "indicators"):
        bare.pop(key, None)
    return bare


def four_lights() -> str:
    """The import file as JSON text; nothing is paid in any of the four projects."""
    doc = json.loads(sample_path().read_text(encoding="utf-8"))
    sample = doc["projects"][0]
    # 11.23% of the year gone on 2023-02-10 (41/365) trails by 10 points or more: yellow;
    # 4.11% on 2023-01-15 (15/365) trails by less: green.
    yellow = _bare(sample, "C-YELLOW", "黄灯项目", "2023-02-10")
    green = _bare(sample, "C-GREEN", "绿灯项目", "2023-01-15")
    unknown = _bare(sample, "C-UNKNOWN", "未知项目", "2023-01-15")
    unknown["funding"] = {"annual_budget": "0", "sources": []}  # no money, no phases, no indicators: nothing known
    doc["projects"] = [green, yellow, sample, unknown]
    return json.dumps(doc, ensure_ascii=False)
