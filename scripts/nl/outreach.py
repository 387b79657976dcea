"""Dutch texts of the debt-help team's outreach queue: offers of help after an early-warning
signal of payment arrears, and the person's answer (#21, decision 0047)."""

NL = {
    "Offers of help after arrears": "Hulpaanbod bij betalingsachterstand",
    "Offer of help": "Hulpaanbod",
    "Back to the offers of help": "Terug naar het hulpaanbod",
    "Reported by": "Gemeld door",
    "Arrears": "Achterstand",
    "Already done by the creditor": "Wat de schuldeiser al deed",
    "How to reach the person": "Hoe de persoon te bereiken is",
    "due": "uiterlijk",
    "Go to the case": "Naar de zaak",
    "Record the person's answer": "Het antwoord van de persoon vastleggen",
    "Your role does not work on cases, so there is no outreach queue.": "Uw rol werkt niet aan zaken. Daarom is er geen lijst met hulpaanbod.",
    "A landlord, energy or water company or health insurer reported payment arrears. Offer the person help: call or visit, then record their answer. The one due first is at the top.": "Een verhuurder, energie- of waterbedrijf of zorgverzekeraar meldde een betalingsachterstand. Bied de persoon hulp aan: bel of ga langs, en leg daarna het antwoord vast. Wat het eerst moet, staat bovenaan.",
    "Open offers of help for your team": "Open hulpaanbod voor uw team",
    "Creditor": "Schuldeiser",
    "Reported on": "Gemeld op",
    "No open offers of help for your team.": "Er is geen open hulpaanbod voor uw team.",
    "Help accepted: open a case for debt help": "Hulp aangenomen: open een zaak voor schuldhulp",
    "The person's answer": "Het antwoord van de persoon",
    "Choose the person's answer.": "Kies het antwoord van de persoon.",
    "If the person could not be reached: when and how you tried (for example: called twice, letter on 3 March, visited). Otherwise optional.": "Als de persoon niet bereikt is: wanneer en hoe u het probeerde (bijvoorbeeld: twee keer gebeld, brief op 3 maart, langsgegaan). Anders niet verplicht.",
    "Keep the note under %(limit_value)d characters.": "Houd de notitie korter dan %(limit_value)d tekens.",
    "Help accepted. This is the new case for debt help.": "Hulp aangenomen. Dit is de nieuwe zaak voor schuldhulp.",
    "The answer is saved. The offer of help is closed.": "Het antwoord is opgeslagen. Het hulpaanbod is afgesloten.",
    "Write down when and how you tried to reach the person.": "Schrijf op wanneer en hoe u de persoon probeerde te bereiken.",
}
