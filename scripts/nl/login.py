"""Dutch texts of the citizens' login with DigiD and eHerkenning (#11, docs/login.md). Plain
language (B1), "u"."""

NL = {
    "Log in with DigiD": "Inloggen met DigiD",
    "Log in with eHerkenning (for companies)": "Inloggen met eHerkenning (voor bedrijven)",
    "Choose how you log in. You need a login with the DigiD app or an sms check to see your questions.": "Kies hoe u inlogt. Om uw vragen te zien, logt u in met de DigiD app of met een sms-controle.",
    "Logging in took too long, or this link was already used. Please log in again.": "Het inloggen duurde te lang, of deze link is al gebruikt. Log opnieuw in.",
    "You stopped logging in. You are not logged in.": "U bent gestopt met inloggen. U bent niet ingelogd.",
    "Logging in with %(method)s does not work right now. Please try again later. Or call us: %(phone)s.": "Inloggen met %(method)s lukt nu niet. Probeer het later nog eens. Of bel ons: %(phone)s.",
    "We could not check your login, so you are not logged in. Please try again. Does it keep going wrong? Call us: %(phone)s.": "Wij konden uw inlog niet controleren. Daarom bent u niet ingelogd. Probeer het nog eens. Gaat het steeds mis? Bel ons: %(phone)s.",
    "This way of logging in is not set up here.": "Deze manier van inloggen kan hier niet.",
    "Not logged in": "Niet ingelogd",
    "You are not logged in": "U bent niet ingelogd",
    "We do not know you yet": "Wij kennen u nog niet",
    "Your login worked. But your company has no question with us yet.": "Het inloggen is gelukt. Maar uw bedrijf heeft nog geen vraag bij ons.",
    "Your login worked. But you have no question with us yet.": "Het inloggen is gelukt. Maar u hebt nog geen vraag bij ons.",
    "Call us at %(phone)s or come by the desk. Then we help you.": "Bel ons op %(phone)s of kom langs bij de balie. Dan helpen wij u.",
}
