"""Errors that services raise and interfaces turn into clear messages for the user."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """A rule of the domain refused the request; ``message`` is safe to show to the user."""

    def __init__(self, message, *, field: str | None = None):
        self.message = message
        self.field = field
        super().__init__(str(message))


class NotFoundOrForbidden(DomainError):
    """The object does not exist or the actor may not see it: the same answer for both.

    Answering "forbidden" for things that exist would tell an outsider that they exist.
    """

    def __init__(self):
        super().__init__(_("This item does not exist or you have no access to it."))
