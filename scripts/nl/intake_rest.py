"""Dutch texts of the rest of the intake (#6): ending household memberships and
representations, asking access to a case, encrypted documents.

Worker texts say "je".
"""

NL = {
    # Ending a household membership or a representation
    "This household membership already ended on %(date)s.": "Dit lidmaatschap van het huishouden is al gestopt op %(date)s.",
    "Give the date the member stopped living here.": "Vul de datum in waarop dit lid hier niet meer woonde.",
    "The end date lies before the start date (%(date)s).": "De einddatum ligt voor de begindatum (%(date)s).",
    "The end date lies in the future: end the membership on or after that day.": "De einddatum ligt in de toekomst: beëindig het lidmaatschap op of na die dag.",
    "Say why the representation ends.": "Zeg waarom de vertegenwoordiging stopt.",
    "This representation already ended on %(date)s.": "Deze vertegenwoordiging is al gestopt op %(date)s.",
    "Lives here until": "Woont hier tot en met",
    "The last day the member lived in the household; today at the latest.": "De laatste dag dat het lid in het huishouden woonde; uiterlijk vandaag.",
    "Why does the representation end?": "Waarom stopt de vertegenwoordiging?",
    "For example: the person withdrew the authorisation, or the court ended it.": "Bijvoorbeeld: de persoon heeft de machtiging ingetrokken, of de rechter heeft de vertegenwoordiging beëindigd.",
    "The household membership is ended.": "Het lidmaatschap van het huishouden is beëindigd.",
    "The representation is ended.": "De vertegenwoordiging is beëindigd.",
    "End a household membership": "Lidmaatschap van het huishouden beëindigen",
    "This membership already ended on": "Dit lidmaatschap is al gestopt op",
    "The member stays recorded, with the end date. This is recorded in the audit log.": "Het lid blijft vastgelegd, met de einddatum. Dit komt in het auditlog.",
    "End the membership": "Lidmaatschap beëindigen",
    "End a representation": "Vertegenwoordiging beëindigen",
    "This representation already ended on": "Deze vertegenwoordiging is al gestopt op",
    "From now on this representative can no longer act for the person. The representation stays recorded as ended. This is recorded in the audit log.": "Vanaf nu kan deze vertegenwoordiger niet meer namens de persoon optreden. De vertegenwoordiging blijft vastgelegd als beëindigd. Dit komt in het auditlog.",
    "End the representation": "Vertegenwoordiging beëindigen",
    "End": "Beëindigen",
    "ended on": "gestopt op",
    # Documents
    "download, logged": "downloaden, komt in het logboek",
}
