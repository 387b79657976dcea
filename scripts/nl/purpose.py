"""Dutch texts of disclosure per team and purpose, free text that follows consent, the check
before a handover is sent and the loop that closes (#20, decision 0039)."""

NL = {
    # directory/purposes.py
    "1 Loket: taking in the whole question": "1 Loket: de hele vraag aannemen",
    "Municipal debt help": "Schuldhulpverlening van de gemeente",
    "Participatiewet income support": "Bijstand (Participatiewet)",
    "Support for the self-employed (Bbz 2004)": "Ondersteuning zelfstandigen (Bbz 2004)",
    "Wmo support (care and living at home)": "Wmo-ondersteuning (zorg en thuis wonen)",
    "Unemployment benefit (UWV)": "WW-uitkering (UWV)",
    "Child benefit (SVB)": "Kinderbijslag (SVB)",
    "Allowances (Dienst Toeslagen)": "Toeslagen (Dienst Toeslagen)",
    "Tax collection (Belastingdienst)": "Invordering van belastingen (Belastingdienst)",
    "Collection of fines (CJIB)": "Inning van boetes (CJIB)",
    "Social housing (housing corporation)": "Sociale huur (woningcorporatie)",
    "Health insurance and premium arrears": "Zorgverzekering en premieachterstand",
    "Probation (Reclassering)": "Reclassering",
    "Custodial institutions (DJI)": "Justitiële inrichtingen (DJI)",
    "Municipal aftercare for ex-detainees": "Gemeentelijke nazorg voor ex-gedetineerden",
    "team purpose": "doel van het team",
    "about": "onderwerp",
    # consent
    "This team is not part of this organisation.": "Dit team hoort niet bij deze organisatie.",
    "Choose who may see the data.": "Kies wie de gegevens mag zien.",
    "No consent is needed for %(what)s: it is the task of %(team)s (%(law)s).": (
        "Voor %(what)s is geen toestemming nodig: dat is de taak van %(team)s (%(law)s)."
    ),
    "Choose the team's purpose.": "Kies het doel van het team.",
    "Team that may see the data": "Team dat de gegevens mag zien",
    "Choose the team that helps with this part of the question. A team of the same organisation needs its own consent too.": (
        "Kies het team dat helpt met dit deel van de vraag. Ook een team van dezelfde "
        "organisatie heeft eigen toestemming nodig."
    ),
    "Choose the team.": "Kies het team.",
    "every team of %s": "elk team van %s",
    # teamwork: free text follows consent
    "Say what this is about.": "Zeg waar dit over gaat.",
    "What is this about?": "Waar gaat dit over?",
    "Other teams on the case read it only when they may see this kind of data. “Only an arrangement” is for text that says nothing about the citizen.": (
        "Andere teams op de vraag lezen dit alleen als ze dit soort gegevens mogen zien. "
        "‘Alleen een afspraak’ is voor tekst die niets over de inwoner zegt."
    ),
    "Not said: only teams that may see everything": (
        "Niet gezegd: alleen teams die alles mogen zien"
    ),
    "Only an arrangement: everyone on the case": "Alleen een afspraak: iedereen op de vraag",
    "%(n)s action is about data not shared with your team.": (
        "%(n)s afspraak gaat over gegevens die niet met je team gedeeld zijn.",
        "%(n)s afspraken gaan over gegevens die niet met je team gedeeld zijn.",
    ),
    "%(n)s message is about data not shared with your team.": (
        "%(n)s bericht gaat over gegevens die niet met je team gedeeld zijn.",
        "%(n)s berichten gaan over gegevens die niet met je team gedeeld zijn.",
    ),
    "not shared with your team": "niet gedeeld met je team",
    # handovers: a receiver that can act
    "%(team)s would not see any way to reach the citizen (address, phone or e-mail). Ask the citizen's consent to share their contact details with %(team)s first, or say why the handover must go now (at least %(n)d characters).": (
        "%(team)s zou geen manier zien om de inwoner te bereiken (adres, telefoon of e-mail). "
        "Vraag eerst toestemming van de inwoner om de contactgegevens met %(team)s te delen, "
        "of zeg waarom de overdracht nu toch moet (minstens %(n)d tekens)."
    ),
    "Ask for consent before the handover is sent.": (
        "Vraag toestemming voordat de overdracht is verstuurd."
    ),
    "%(team)s already sees what it needs.": "%(team)s ziet al wat nodig is.",
    "So that %(team)s can contact you about your question": (
        "Zodat %(team)s contact met u kan opnemen over uw vraag"
    ),
    "We would like to pass your question to %(team)s. May they see your contact details and your question? Answer in Mijn overzicht or call us.": (
        "We willen uw vraag doorgeven aan %(team)s. Mogen zij uw contactgegevens en uw vraag "
        "zien? Geef antwoord in Mijn overzicht of bel ons."
    ),
    "Why it must go now, although they cannot reach the citizen": (
        "Waarom het nu moet, hoewel zij de inwoner niet kunnen bereiken"
    ),
    "Better: ask the citizen for consent first. Kept in the handover's history.": (
        "Beter: vraag eerst toestemming aan de inwoner. Dit blijft in de geschiedenis van de "
        "overdracht."
    ),
    "Ask the citizen for this consent": "Vraag de inwoner om deze toestemming",
    "Send anyway": "Toch versturen",
    "What %(team)s will see": "Wat %(team)s zal zien",
    "What your team sees of this person": "Wat je team van deze persoon ziet",
    "Not shared, but needed to act": "Niet gedeeld, maar nodig om te kunnen helpen",
    "The receiving team would not see any way to reach the citizen. Ask the citizen for consent first; sending anyway needs a reason.": (
        "Het ontvangende team zou geen manier zien om de inwoner te bereiken. Vraag eerst "
        "toestemming aan de inwoner; toch versturen kan alleen met een reden."
    ),
    "You cannot see any way to reach the citizen. Ask the sending team before you accept.": (
        "Je ziet geen manier om de inwoner te bereiken. Vraag het versturende team voordat je "
        "aanneemt."
    ),
    "consent asked of the citizen": "toestemming gevraagd aan de inwoner",
    # the loop closes
    "We asked %(org)s to help you with your question. We let you know when they answer.": (
        "We hebben %(org)s gevraagd u te helpen met uw vraag. We laten u weten wanneer zij "
        "antwoorden."
    ),
    "Your handover to %(line)s was accepted.": "Je overdracht aan %(line)s is aangenomen.",
    "Your handover to %(line)s is on hold.": "Je overdracht aan %(line)s staat in de wacht.",
    "Your handover to %(line)s is completed.": "Je overdracht aan %(line)s is afgerond.",
    "What came of your team's handovers": "Wat er kwam van de overdrachten van je team",
    "no answer within the service level": "geen antwoord binnen de servicenorm",
    "Only if that team cannot see how to reach the citizen: why it must go now": (
        "Alleen als dat team niet ziet hoe het de inwoner bereikt: waarom het nu moet"
    ),
}
