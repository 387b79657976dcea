"""What the acting worker may do, for templates: ``may.<capability>`` (menus and buttons)."""

from eenloket.access import capabilities


def capabilities_granted(request):
    """Expose ``may``: each capability's short name with whether the actor has it. No query."""
    actor = getattr(request, "actor", None)
    return {"may": capabilities.granted(actor) if actor is not None else {}}
