"""Dutch texts of reliability and security (#26): BSN input, login throttling, the second
factor asked again, a handover accepted twice, the database unavailable."""

NL = {
    "A BSN has only digits; remove the letters and other signs (spaces and dots may stay).": "Een BSN heeft alleen cijfers; haal de letters en andere tekens weg (spaties en punten mogen blijven).",
    "A BSN has 9 digits; this has 8. Does the number start with a 0? Type the 0 as well.": "Een BSN heeft 9 cijfers; dit heeft er 8. Begint het nummer met een 0? Typ de 0 dan ook.",
    # A text of #18 that main left without its Dutch (make messages refused to finish).
    "eenloket cannot count this term yet: the holidays of %(year)s are not in it. Tell your application manager that the holiday decree for %(year)s must be added.": "eenloket kan deze termijn nog niet berekenen: de feestdagen van %(year)s staan er niet in. Vraag uw functioneel beheerder om het feestdagenbesluit van %(year)s toe te voegen.",
    "You already accepted this handover (at %(time)s).": "U had deze overdracht al aangenomen (om %(time)s).",
    "%(name)s already accepted this handover (at %(time)s).": "%(name)s had deze overdracht al aangenomen (om %(time)s).",
    "Too many failed attempts from this network. Try again in %(n)s minute.": (
        "Het is te vaak niet gelukt vanaf dit netwerk. Probeer het over %(n)s minuut opnieuw.",
        "Het is te vaak niet gelukt vanaf dit netwerk. Probeer het over %(n)s minuten opnieuw.",
    ),
    "Too many failed attempts for this user name. Try again in %(n)s minute, or log in now with your password and the code from your authenticator app.": (
        "Het is te vaak niet gelukt met deze gebruikersnaam. Probeer het over %(n)s minuut opnieuw, of log nu in met je wachtwoord én de code uit je app.",
        "Het is te vaak niet gelukt met deze gebruikersnaam. Probeer het over %(n)s minuten opnieuw, of log nu in met je wachtwoord én de code uit je app.",
    ),
    "Confirm with your code": "Bevestig met je code",
    "This action needs your code again: open the authenticator app on your phone and type the 6-digit code for eenloket.": "Voor deze handeling is je code opnieuw nodig: open de authenticator-app op je telefoon en typ de 6 cijfers voor eenloket.",
}
