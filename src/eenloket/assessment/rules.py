"""The support assessment's rule: thirteen domain scores and the capacity to act
("doenvermogen") give a support level, which later decides how warm a handover must be.

The domains are those of the Zelfredzaamheid-Matrix (ZRM); its criteria texts are copyrighted
and are not reproduced here: workers score with the matrix they were trained on and write their
own rationale. See docs/assessment.md for the rule and why.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

DOMAINS = {
    "finances": _("Finances"),
    "work_education": _("Work and education"),
    "time_use": _("Use of time"),
    "housing": _("Housing"),
    "domestic_relations": _("Domestic relations"),
    "mental_health": _("Mental health"),
    "physical_health": _("Physical health"),
    "substance_use": _("Substance use"),
    "basic_adl": _("Basic daily activities"),
    "instrumental_adl": _("Instrumental daily activities"),
    "social_network": _("Social network"),
    "participation": _("Participation in society"),
    "justice": _("Justice"),
}
SCORES = range(1, 6)  # 1: acute problem … 5: fully self-reliant (the last 30 days)

SUFFICIENT, LIMITED, VERY_LIMITED = "sufficient", "limited", "very_limited"
CAPACITY = {
    SUFFICIENT: _("Sufficient: plans, acts and perseveres"),
    LIMITED: _("Limited: needs help to plan or to keep going"),
    VERY_LIMITED: _("Very limited: cannot act on their own now"),
}

SELF_RELIANT, LIGHT, INTENSIVE = "self_reliant", "light", "intensive"
LEVELS = {
    SELF_RELIANT: _("Self-reliant"),
    LIGHT: _("Light support"),
    INTENSIVE: _("Intensive support"),
}
_ORDER = {SELF_RELIANT: 0, LIGHT: 1, INTENSIVE: 2}


def support_level(scores: dict[str, int], capacity: str) -> str:
    """Return the support level for complete scores (1 to 5 on every domain) and a capacity.

    - intensive: capacity very limited; or three or more domains at 1 or 2; or any domain at 1 or 2
      while capacity is limited;
    - light: any domain at 1, 2 or 3, or capacity limited;
    - self-reliant: otherwise (every domain 4 or 5 and capacity sufficient).
    """
    if set(scores) != set(DOMAINS) or any(s not in SCORES for s in scores.values()):
        raise ValueError("every domain needs a score from 1 to 5")
    if capacity not in CAPACITY:
        raise ValueError(f"unknown capacity {capacity!r}")
    low = sum(1 for s in scores.values() if s <= 2)
    if capacity == VERY_LIMITED or low >= 3 or (low and capacity == LIMITED):
        return INTENSIVE
    if any(s <= 3 for s in scores.values()) or capacity == LIMITED:
        return LIGHT
    return SELF_RELIANT


def more_support(a: str, b: str) -> bool:
    """Tell whether level ``a`` asks for more support than level ``b``."""
    return _ORDER[a] > _ORDER[b]
