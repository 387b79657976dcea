"""Checks on stored accounts that must pass before a production server starts."""

from django.conf import settings
from django.core import checks

from eenloket.core.config import ConfigurationError


def unsafe_account_problems() -> list[str]:
    """List the stored-account reasons why production may not start (demo accounts active)."""
    from eenloket.accounts.models import User

    if settings.EENLOKET_MODE != "production":
        return []
    demo_accounts = User.objects.filter(is_demo=True, is_active=True).count()
    if demo_accounts:
        return [f"{demo_accounts} demo account(s) are active; remove or deactivate them"]
    return []


def refuse_unsafe_accounts() -> None:
    """Raise ConfigurationError when production would start with unsafe accounts."""
    problems = unsafe_account_problems()
    if problems:
        raise ConfigurationError(problems)


@checks.register(checks.Tags.security, deploy=True)
def check_no_demo_accounts(app_configs=None, databases=None, **kwargs):
    if not databases:
        return []
    return [checks.Error(problem, id="eenloket.E001") for problem in unsafe_account_problems()]
