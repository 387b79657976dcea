"""Make a bypass of the policy point fail loudly.

Persons and cases may reach a view, API endpoint or export only through the policy point (access/),
because that is where access is decided and logged. The models holding personal data use
``GuardedManager``: when a query on them is built, it looks up the call stack, and if an
interface module (backoffice, portal, api) is reached before the policy point, it raises
``PolicyPointBypassed``. Forward foreign keys (``case.person``) are not guarded: they read the
person of a case the policy point already released. Domain code and jobs that run outside a
request (demo data, escalation) are not interfaces and are not stopped.
"""

import sys

from django.conf import settings
from django.db import models

POLICY_POINT_PACKAGE = "eenloket.access"
INTERFACE_PACKAGES = ("eenloket.backoffice", "eenloket.portal", "eenloket.api")


class PolicyPointBypassed(RuntimeError):
    """An interface read personal data without going through the policy point (access/)."""


def _is_interface(module: str) -> bool:
    if ".tests" in module:
        return False
    return any(module == p or module.startswith(p + ".") for p in INTERFACE_PACKAGES)


def check_caller(model_label: str) -> None:
    """Raise PolicyPointBypassed when the query was built by an interface, not the policy point."""
    if not getattr(settings, "EENLOKET_ENFORCE_POLICY_POINT", True):
        return
    frame = sys._getframe(2)
    while frame is not None:
        module = frame.f_globals.get("__name__", "")
        if module.startswith(POLICY_POINT_PACKAGE + ".") and ".tests" not in module:
            return
        if _is_interface(module):
            raise PolicyPointBypassed(
                f"{module} (line {frame.f_lineno}) queried {model_label} directly; "
                f"obtain it through {POLICY_POINT_PACKAGE}"
            )
        frame = frame.f_back


class GuardedManager(models.Manager):
    """Default manager for models with personal data: only the policy point may hand them out."""

    def get_queryset(self):
        check_caller(self.model._meta.label)
        return super().get_queryset()
