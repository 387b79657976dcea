"""Small helpers for views."""


def posted(request):
    """The form data of a POST, or None for any other method.

    Not ``request.POST or None``: a POST without any field (a broken client, a hostile one)
    must bind the form, so it is refused with each missing field named (#26), not shown
    again as an empty form with a bare 400.
    """
    return request.POST if request.method == "POST" else None


def query_text(request, name: str, *, max_length: int = 100) -> str:
    """A free-text query parameter (a search), cut to ``max_length`` and without control
    characters: a form field refuses a NUL byte itself, a query parameter does not, and
    PostgreSQL cannot compare text with one in it (found by the hostile-input test, #26)."""
    value = request.GET.get(name, "")[:max_length]
    return "".join(ch for ch in value if ch.isprintable()).strip()
