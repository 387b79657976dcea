from django.conf import settings
from django.contrib.auth.backends import ModelBackend


class WorkerBackend(ModelBackend):
    """Password login for workers; demo accounts only ever work in demo mode."""

    def user_can_authenticate(self, user):
        if getattr(user, "is_demo", False) and settings.EENLOKET_MODE != "demo":
            return False
        return super().user_can_authenticate(user)
