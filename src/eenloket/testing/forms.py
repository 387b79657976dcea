"""Find the forms a page offers, and hostile values to fill them with (#26)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from hypothesis import strategies as st


@dataclass
class FoundForm:
    action: str
    method: str
    fields: dict = field(default_factory=dict)  # name -> list of (type, value)


class _FormParser(HTMLParser):
    def __init__(self, page_url: str):
        super().__init__()
        self.page_url = page_url
        self.forms: list[FoundForm] = []
        self._current: FoundForm | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            action = attrs.get("action") or self.page_url
            self._current = FoundForm(action=action, method=(attrs.get("method") or "get").lower())
            self.forms.append(self._current)
        elif self._current is not None and tag in ("input", "select", "textarea", "button"):
            name = attrs.get("name")
            if name and name != "csrfmiddlewaretoken":
                kind = attrs.get("type", tag)
                self._current.fields.setdefault(name, []).append((kind, attrs.get("value", "")))

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


def forms_on(page_url: str, html: str) -> list[FoundForm]:
    """Every form on the page, with the names of its fields (the action resolved to a path)."""
    parser = _FormParser(page_url)
    parser.feed(html)
    for form in parser.forms:
        if form.action.startswith("?"):
            form.action = page_url.split("?")[0] + form.action
        form.action = form.action.split("#")[0]
    return [f for f in parser.forms if f.action.startswith("/")]


# What an attacker, a confused user or a broken client sends.
CORPUS = (
    "<script>window.__pwned=1</script>",
    '"><img src=x onerror="window.__pwned=2">',
    "' OR '1'='1' --",
    "'; DROP TABLE cases_case; --",
    "\x00",
    "a\x00b",
    "\u202eevil\u202c",
    "\ud7ff\ufeff\u200b",
    # Fraktur letters, a sign, an emoji
    "\U0001d518\U0001d52b\U0001d526\U0001d520\U0001d52c\U0001d521\U0001d522 \u26d4 \U0001f600",
    # full-width letters and digits
    "\uff46\uff55\uff4c\uff4c \uff57\uff49\uff44\uff54\uff48 \uff11\uff12\uff13",
    "\r\n\t\x0b\x0c\x1b[31m",
    "9" * 400,
    "x" * 20_000,
    "-1",
    "0",
    "1e309",
    "NaN",
    "2026-02-30",
    "31-12-9999",
    "00000000-0000-0000-0000-000000000000",
    "not-a-uuid",
    "../../../../etc/passwd",
    "%00%0d%0a",
    "{{ settings.SECRET_KEY }}",
    "${jndi:ldap://127.0.0.1/x}",
    "true",
    "null",
    "[]",
    " ",
    "",
)

hostile_text = st.one_of(
    st.sampled_from(CORPUS),
    st.text(max_size=60),
    st.text(alphabet=st.characters(categories=["Cc", "Cf", "Zl", "Zp"]), max_size=20),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)
# A field is left out, filled once, or sent twice (a list), at random.
hostile_value = st.one_of(st.none(), hostile_text, st.lists(hostile_text, min_size=2, max_size=3))


@st.composite
def hostile_data(draw, names: list[str]) -> dict:
    """Values for every field of a form (some missing, some repeated) plus extra fields."""
    data = {}
    for name in names:
        value = draw(hostile_value)
        if value is not None:
            data[name] = value
    for extra in draw(st.lists(st.sampled_from(["id", "pk", "state", "is_staff", "owner"]))):
        data[extra] = draw(hostile_text)
    return data
