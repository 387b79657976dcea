"""Dutch texts of the screens, the print and the citizen's wording (#25). Plain language (B1),
"u" for citizens, "je" for workers."""

NL = {
    # Layout
    "Menu": "Menu",
    # The worker's case workspace
    "Parts of the case": "Delen van de vraag",
    "Dossier": "Dossier",
    "Guide and applications": "Gids en aanvragen",
    "Contacts and timeline": "Contacten en tijdlijn",
    "Privacy": "Privacy",
    "born": "geboren",
    "Owner": "Eigenaar",
    "What you can do": "Wat je kunt doen",
    "Change the status": "Status wijzigen",
    "A handover is late: %(lines)s.": "Een overdracht is te laat: %(lines)s.",
    "The consent for %(org)s ends on %(date)s.": "De toestemming voor %(org)s stopt op %(date)s.",
    "What the citizen reads about it": "Wat de inwoner erover leest",
    "The next step as the citizen reads it": "De volgende stap zoals de inwoner die leest",
    "Plain words, “u”, in the citizen's language. Leave empty and they read: we are working on your question. Your own note above is never shown to them.": "Eenvoudige woorden, met “u”, in de taal van de inwoner. Laat je het leeg, dan leest de inwoner: we werken aan uw vraag. Jouw eigen notitie hierboven ziet de inwoner nooit.",
    "A confirmation of what we understood, what happens next and who to reach is written for the citizen (and the representative who spoke), on the channel they chose.": "De inwoner (en de vertegenwoordiger die sprak) krijgt een bevestiging van wat we begrepen, wat er nu gebeurt en wie te bereiken is, via het kanaal dat zij kozen.",
    # Worklists
    "%(n)s case is due today.": (
        "%(n)s vraag is vandaag aan de beurt.",
        "%(n)s vragen zijn vandaag aan de beurt.",
    ),
    "Which list": "Welke lijst",
    "All lists": "Alle lijsten",
    "Sort by": "Sorteren op",
    "Sort": "Sorteren",
    "Due today first": "Vandaag eerst",
    "Due date": "Uiterste datum",
    "Newest question first": "Nieuwste vraag eerst",
    "today": "vandaag",
    # What the citizen reads of the next step (cases/citizen_texts.py)
    "We are working on your question. We let you know when there is news.": "We werken aan uw vraag. We laten het u weten als er nieuws is.",
    "We read your question. We answer you within two working days.": "We lezen uw vraag. U krijgt binnen twee werkdagen antwoord.",
    "We read your answer. We reply within two working days.": "We lezen uw antwoord. U krijgt binnen twee werkdagen een reactie.",
    "We call you back at the time you chose.": "We bellen u terug op het moment dat u koos.",
    "We see you at your appointment at the desk.": "We zien u bij uw afspraak aan de balie.",
    "We look for the right place for your question. We let you know.": "We zoeken de goede plek voor uw vraag. We laten het u weten.",
    "We asked another organisation to help you. They contact you.": "We hebben een andere organisatie gevraagd u te helpen. Zij nemen contact met u op.",
    "next step as the citizen reads it": "volgende stap zoals de inwoner die leest",
    "Unknown text for the citizen.": "Onbekende tekst voor de inwoner.",
    "%(step)s (by %(due)s)": "%(step)s (uiterlijk %(due)s)",
    "You asked this on %(date)s.": "U stelde deze vraag op %(date)s.",
    # Life events
    "Homelessness": "Dakloos",
    # Channels
    "also tell me about news by": "laat mij ook weten dat er nieuws is via",
    "News can come only by e-mail or SMS.": "Nieuws kan alleen per e-mail of sms komen.",
    "You chose never to be contacted by %s.": "U koos ervoor nooit contact te krijgen via %s.",
    "For news by e-mail we need an e-mail address.": "Voor nieuws per e-mail hebben we een e-mailadres nodig.",
    "For news by SMS we need a mobile phone number.": "Voor nieuws per sms hebben we een mobiel nummer nodig.",
    "Also tell me when there is news in my overview": "Laat mij ook weten dat er nieuws is in mijn overzicht",
    "A short message that there is news, without what it is about. You read the news itself in your overview.": "Een kort bericht dat er nieuws is, zonder waar het over gaat. Het nieuws zelf leest u in uw overzicht.",
    "by e-mail": "per e-mail",
    "by text message (SMS)": "per sms",
    "Let %(org)s see your data again": "Laat %(org)s uw gegevens weer zien",
    # Documents (honest demo)
    "You can send a PDF, a JPG or a PNG file. A file can be at most %(max_mb)s MB.": "U kunt een pdf, jpg of png sturen. Een bestand is hoogstens %(max_mb)s MB.",
    "We check every file for viruses.": "We controleren elk bestand op virussen.",
    "This is a demonstration: files are not checked for viruses here. Do not send real documents.": "Dit is een demonstratie: bestanden worden hier niet op virussen gecontroleerd. Stuur geen echte documenten.",
    # Print
    "Print or keep your overview (PDF)": "Uw overzicht printen of bewaren (pdf)",
    "Overview for %(name)s": "Overzicht voor %(name)s",
    "Your overview": "Uw overzicht",
    "This is an overview of your questions, on %(date)s. Do you have a question about it? Call %(desk_phone)s.": "Dit is een overzicht van uw vragen op %(date)s. Hebt u een vraag hierover? Bel %(desk_phone)s.",
    "Receipt of a consent": "Bewijs van uw toestemming",
    # Who used your data
    "None: this was not allowed, and nothing was shown": "Geen: dit mocht niet, en er is niets getoond",
    "Someone once tried to see your data without being allowed to. They did not see it. You find it in the list below, marked “Not allowed”.": (
        "Iemand probeerde één keer uw gegevens te zien zonder dat dat mocht. Diegene zag ze niet. U vindt het in de lijst hieronder, met “Mocht niet”.",
        "%(n)s keer probeerde iemand uw gegevens te zien zonder dat dat mocht. Ze zagen ze niet. U vindt ze in de lijst hieronder, met “Mocht niet”.",
    ),
    "You looked at your own overview once, on %(last)s.": (
        "U keek 1 keer naar uw eigen overzicht, op %(last)s.",
        "U keek %(n)s keer naar uw eigen overzicht, het laatst op %(last)s.",
    ),
    "Leave these out of the list": "Laat deze weg uit de lijst",
    "Show these in the list too": "Zet deze ook in de lijst",
    "Newest first (%(n)s in all)": "Nieuwste eerst (%(n)s in totaal)",
    "Not allowed": "Mocht niet",
    "Pages": "Pagina's",
    "Page %(n)s of %(total)s": "Pagina %(n)s van %(total)s",
    "Newer": "Nieuwer",
    "Older": "Ouder",
    "Nobody else has used your data yet.": "Niemand anders heeft uw gegevens nog gebruikt.",
    # From the calendars (was untranslated)
    "eenloket cannot count this term yet: the holidays of %(year)s are not in it. Tell your application manager that the holiday decree for %(year)s must be added.": "eenloket kan deze termijn nog niet berekenen: de feestdagen van %(year)s staan er niet in. Meld aan je functioneel beheerder dat het besluit over de feestdagen van %(year)s erbij moet.",
}
NL.update(
    {
        "Send now": "Nu versturen",
        "The handover is sent to the direct line.": "De overdracht is naar de directe lijn gestuurd.",
    }
)
