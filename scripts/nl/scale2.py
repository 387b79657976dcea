"""Dutch texts of scale and speed, part two (#27): the worklists a page at a time."""

NL = {
    "No more cases in this list.": "Er zijn geen zaken meer in deze lijst.",
    "Show more of this list": "Meer van deze lijst",
    "Pages of this list": "Pagina's van deze lijst",
    "First page": "Eerste pagina",
    "Next page": "Volgende pagina",
}
