"""Dutch texts of changing an API client's scopes and of the container's health pages (#22)."""

NL = {
    "These are the scopes it has now: nothing changes.": "Dit zijn de rechten die het nu al heeft: er verandert niets.",
    "Saved. From its next request the system may only what is listed.": "Opgeslagen. Vanaf het volgende verzoek mag het systeem alleen wat hier staat.",
    "Change what the system may ask": "Wijzigen wat het systeem mag vragen",
    "Change what %(name)s may ask": "Wijzigen wat %(name)s mag vragen",
    "From now on %(name)s (acting as team %(team)s) may:": "Vanaf nu mag %(name)s (werkt als team %(team)s):",
    "new: it may not do this now": "nieuw: dit mag het nu nog niet",
    "It may no longer — refused from its very next request:": "Dit mag het niet meer — vanaf het eerstvolgende verzoek geweigerd:",
    "Its tokens keep working: the partner does not need a new token.": "De tokens blijven werken: de partner heeft geen nieuw token nodig.",
    "Yes, save these scopes": "Ja, deze rechten opslaan",
    "Tick only what the system needs for its task. Before anything is saved you see what changes. Its tokens keep working.": "Vink alleen aan wat het systeem nodig heeft voor zijn taak. Voordat er iets wordt opgeslagen, ziet u wat er verandert. De tokens blijven werken.",
}
