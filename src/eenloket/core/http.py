"""Small helpers for views."""


def posted(request):
    """The form data of a POST, or None for any other method.

    Not ``request.POST or None``: a POST without any field (a broken client, a hostile one)
    must bind the form, so it is refused with each missing field named (#26), not shown
    again as an empty form with a bare 400.
    """
    return request.POST if request.method == "POST" else None
