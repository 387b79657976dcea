"""Dutch texts of reliability and security (#26): BSN input, login throttling, the second
factor asked again, a handover accepted twice, the database unavailable."""

NL = {
    "A BSN has only digits; remove the letters and other signs (spaces and dots may stay).": "Een BSN heeft alleen cijfers; haal de letters en andere tekens weg (spaties en punten mogen blijven).",
    "A BSN has 9 digits; this has 8. Does the number start with a 0? Type the 0 as well.": "Een BSN heeft 9 cijfers; dit heeft er 8. Begint het nummer met een 0? Typ de 0 dan ook.",
    # A text of #18 that main left without its Dutch (make messages refused to finish).
    "eenloket cannot count this term yet: the holidays of %(year)s are not in it. Tell your application manager that the holiday decree for %(year)s must be added.": "eenloket kan deze termijn nog niet berekenen: de feestdagen van %(year)s staan er niet in. Vraag uw functioneel beheerder om het feestdagenbesluit van %(year)s toe te voegen.",
    "You already accepted this handover (at %(time)s).": "U had deze overdracht al aangenomen (om %(time)s).",
    "%(name)s already accepted this handover (at %(time)s).": "%(name)s had deze overdracht al aangenomen (om %(time)s).",
}
