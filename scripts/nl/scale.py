"""Dutch texts of scale and speed (#27): the demo login finds people by name."""

NL = {
    "Find an invented person by name": "Zoek een verzonnen persoon op naam",
    "Find": "Zoeken",
    "Showing the first %(count)s. Search by name to find someone else.": "U ziet de eerste %(count)s. Zoek op naam om iemand anders te vinden.",
}
