"""Dutch texts of a representative's scope per category, labels on contacts, documents and
handovers, a handover's start date and stall timer, and overdue plan actions on the worklist
(#20, decision 0046)."""

NL = {
    # portal: what a representative does not see of a question
    "One thing in this question is about a matter you do not act on. Only the person themselves sees it.": (
        "Eén ding in deze vraag gaat over een onderwerp waarvoor u niet optreedt. Alleen de persoon zelf ziet het.",
        "%(n)s dingen in deze vraag gaan over onderwerpen waarvoor u niet optreedt. Alleen de persoon zelf ziet ze.",
    ),
    # handovers: start date, labels, stall
    "start date": "startdatum",
    "Start date": "Startdatum",
    "For example the day of release. Their answer term counts from this day.": "Bijvoorbeeld de dag van vrijlating. Hun termijn om te antwoorden telt vanaf die dag.",
    "The start date cannot lie in the past.": "De startdatum kan niet in het verleden liggen.",
    "The start date can be at most a year from today.": "De startdatum kan hoogstens een jaar na vandaag liggen.",
    "A handover for %(line)s was accepted but the work has not started.": "Een overdracht voor %(line)s is geaccepteerd, maar het werk is niet begonnen.",
    "Wait for the answer of %(line)s.": "Wacht op het antwoord van %(line)s.",
    "its messages are about data your team may not see": "de berichten gaan over gegevens die je team niet mag zien",
    "accepted, but the work has not started within its term": "geaccepteerd, maar het werk is niet binnen de termijn begonnen",
    # the dossier: what a document sent in is about
    "Saved what the document is about.": "Opgeslagen waar het document over gaat.",
    # worker home: overdue plan actions
    "Plan actions that are overdue": "Afspraken uit het plan die te laat zijn",
    "due %(date)s": "uiterlijk %(date)s",
    "One more overdue action is about data your team may not see.": (
        "Nog %(n)s te late afspraak gaat over gegevens die je team niet mag zien.",
        "Nog %(n)s te late afspraken gaan over gegevens die je team niet mag zien.",
    ),
}
