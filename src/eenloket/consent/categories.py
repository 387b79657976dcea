"""Data categories: what can be shared, in plain words. The consent issue (#7) completes the
list and marks the special categories."""

from django.utils.translation import gettext_lazy as _

CATEGORIES = {
    "contact": _("contact details"),
    "identity": _("identity and citizen service number (BSN)"),
    "household": _("household"),
    "income": _("income and benefits"),
    "debts": _("debts"),
    "housing": _("housing"),
    "health": _("health and care"),
    "justice": _("justice"),
    "case_notes": _("notes on the question"),
    "documents": _("documents"),
    "involvement": _("which teams help the person"),
    "processing_log": _("who used your data"),
}


def category_label(key: str) -> str:
    return str(CATEGORIES.get(key, key))
