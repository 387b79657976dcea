"""Dutch texts of the figures page's months and the nightly report of closed months (#24,
decision 0050)."""

NL = {
    "Month": "Maand",
    "Or choose a period with the dates below. Without either: the last whole month.": "Of kies een periode met de datums hieronder. Kiest u niets, dan ziet u de vorige hele maand.",
    "This month, so far": "Deze maand, tot nu toe",
    "Choose a month or a period with dates, not both.": "Kies een maand of een periode met datums, niet allebei.",
    "The figures of this closed month were counted on %(when)s. Cases without a live next step are today's.": "De cijfers van deze afgesloten maand zijn geteld op %(when)s. Zaken zonder lopende volgende stap zijn van vandaag.",
    # The lead times' columns were never in the catalogue (shown in English on the Dutch page).
    "Answered: median (hours)": "Beantwoord: mediaan (uren)",
    "Answered: 90th percentile (hours)": "Beantwoord: 90e percentiel (uren)",
    "Completed: median (hours)": "Afgerond: mediaan (uren)",
    "Completed: 90th percentile (hours)": "Afgerond: 90e percentiel (uren)",
    # The quarterly signals report: "1 meldingen" was wrong.
    "%(reports)s, grouped in %(signals)s.": "%(reports)s, samengevoegd tot %(signals)s.",
    "%(n)d report": ("%(n)d melding", "%(n)d meldingen"),
    "%(n)d signal": ("%(n)d knelpunt", "%(n)d knelpunten"),
}
