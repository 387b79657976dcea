"""Dutch texts for eenloket's messages, applied to locale/nl with polib.

Kept as a script so translations can be reviewed as plain Python and re-applied after
`make messages` adds new strings: `.venv/bin/python scripts/translations_nl.py`.
"""

from pathlib import Path

import polib

NL = {
    "Your session has ended. Please log in again.": "Je sessie is afgelopen. Log opnieuw in.",
    "Frontline worker": "Dienstverlener aan de voorkant",
    "Partner worker": "Medewerker partnerorganisatie",
    "Team coordinator": "Teamcoördinator",
    "Application manager": "Functioneel beheerder",
    "Privacy officer": "Privacyfunctionaris",
    "display name": "weergavenaam",
    "role": "rol",
    "A worker needs a user name.": "Een medewerker heeft een gebruikersnaam nodig.",
    "This user name is already taken.": "Deze gebruikersnaam bestaat al.",
    "Demo accounts can only be made in demo mode.": "Demo-accounts kunnen alleen in de demostand worden gemaakt.",
    "Unknown role: %s": "Onbekende rol: %s",
    "This role works on cases and needs a team.": "Deze rol werkt aan vragen en heeft een team nodig.",
    "The team does not belong to this organisation.": "Het team hoort niet bij deze organisatie.",
    "The end date lies before the start date.": "De einddatum ligt voor de begindatum.",
    "This worker already has this membership.": "Deze medewerker heeft dit lidmaatschap al.",
    "This code is not right. Check the time on your phone and try again.": "Deze code klopt niet. Kijk of de tijd op je telefoon goed staat en probeer het opnieuw.",
    "User name": "Gebruikersnaam",
    "Password": "Wachtwoord",
    "Code from your authenticator app": "Code uit je authenticator-app",
    "Enter the 6 digits your authenticator app shows.": "Typ de 6 cijfers die je authenticator-app laat zien.",
    "Main menu": "Hoofdmenu",
    "My work": "Mijn werk",
    "Working as": "Ik werk als",
    "Switch": "Wissel",
    "Log out": "Uitloggen",
    "Question in their own words": "Vraag in eigen woorden",
    "Next step": "Volgende stap",
    "Owning team": "Team dat de vraag heeft",
    "Status": "Status",
    "Back to my work": "Terug naar mijn werk",
    "You have no current membership of an organisation, so there is no work to show. Ask your application manager.": "Je bent nu geen lid van een organisatie. Daarom is er geen werk om te laten zien. Vraag het aan je functioneel beheerder.",
    "You work as %(role)s. This role does not work on cases, so no cases are shown here.": "Je werkt als %(role)s. Deze rol werkt niet aan vragen van inwoners. Daarom staan hier geen vragen.",
    "Open cases of %(team)s": "Open vragen van %(team)s",
    "Most urgent next step first": "De volgende stap die het eerst moet, staat bovenaan",
    "Person": "Persoon",
    "Due": "Uiterlijk",
    "Your team has no open cases.": "Je team heeft geen open vragen.",
    "Log in": "Inloggen",
    "Log in as a worker": "Inloggen als medewerker",
    "Demo accounts": "Demo-accounts",
    'This is a demo with invented people. Every demo account has the password <code class="utrecht-code">%(demo_password)s</code>.': 'Dit is een demo met verzonnen mensen. Elk demo-account heeft het wachtwoord <code class="utrecht-code">%(demo_password)s</code>.',
    "Set up your second step": "Stel je tweede stap in",
    "Workers log in with a password and a code from an authenticator app. Add eenloket to your app with this key:": "Medewerkers loggen in met een wachtwoord en een code uit een authenticator-app. Zet eenloket in je app met deze sleutel:",
    "Or open this link on the phone with your app:": "Of open deze link op de telefoon met je app:",
    "add to authenticator app": "toevoegen aan authenticator-app",
    "Confirm": "Bevestigen",
    "Second step": "Tweede stap",
    "Second step: your code": "Tweede stap: je code",
    "Open the authenticator app on your phone and type the 6-digit code for eenloket.": "Open de authenticator-app op je telefoon en typ de code van 6 cijfers voor eenloket.",
    "Continue": "Verder",
    "The user name or password is not right.": "De gebruikersnaam of het wachtwoord klopt niet.",
    "Too many failed attempts. Wait 15 minutes and try again, or ask your application manager for help.": "Het is te vaak niet gelukt. Wacht 15 minuten en probeer het opnieuw, of vraag je functioneel beheerder om hulp.",
    "Too many failed attempts. Wait 15 minutes and try again.": "Het is te vaak niet gelukt. Wacht 15 minuten en probeer het opnieuw.",
    "This code is not right. Use the newest code in your app.": "Deze code klopt niet. Gebruik de nieuwste code in je app.",
    "Your second step is set up.": "Je tweede stap is ingesteld.",
    "You are logged out.": "Je bent uitgelogd.",
    "You cannot work as this membership.": "Je kunt niet werken als dit lidmaatschap.",
    "You now work as: %s": "Je werkt nu als: %s",
    "Open": "Open",
    "On hold": "Wacht even",
    "Closed": "Afgesloten",
    "Case": "Vraag",
    "question in the citizen's own words": "vraag in de eigen woorden van de inwoner",
    "next step": "volgende stap",
    "next step due": "uiterste datum volgende stap",
    "Write down the question in the citizen's own words.": "Schrijf de vraag op in de eigen woorden van de inwoner.",
    "An open case needs a next step.": "Een open vraag heeft een volgende stap nodig.",
    "The next step needs a due date.": "De volgende stap heeft een uiterste datum nodig.",
    "This item does not exist or you have no access to it.": "Dit bestaat niet, of je mag het niet zien.",
    "Skip to main content": "Naar de inhoud",
    "eenloket — one counter for everyone who gets stuck with government.": "eenloket — één loket voor iedereen die vastloopt bij de overheid.",
    "Municipality": "Gemeente",
    "National government agency": "Landelijke overheidsorganisatie",
    "Housing corporation": "Woningcorporatie",
    "Care and welfare": "Zorg en welzijn",
    "Legal aid": "Rechtshulp",
    "Other": "Anders",
    "name": "naam",
    "kind": "soort",
    "OIN": "OIN",
    "An organisation needs a name.": "Een organisatie heeft een naam nodig.",
    "Unknown kind of organisation: %s": "Onbekende soort organisatie: %s",
    "An OIN has exactly 20 digits.": "Een OIN heeft precies 20 cijfers.",
    "An organisation with this name already exists.": "Er is al een organisatie met deze naam.",
    "A team needs a name.": "Een team heeft een naam nodig.",
    "This organisation already has a team with this name.": "Deze organisatie heeft al een team met deze naam.",
    "given names": "voornamen",
    "surname prefix": "tussenvoegsel",
    "surname": "achternaam",
    "date of birth": "geboortedatum",
    "A person needs a surname.": "Een persoon heeft een achternaam nodig.",
    "The date of birth lies in the future.": "De geboortedatum ligt in de toekomst.",
    "Dutch": "Nederlands",
    "English": "Engels",
}

if __name__ == "__main__":
    path = Path(__file__).resolve().parents[1] / "src/eenloket/locale/nl/LC_MESSAGES/django.po"
    catalogue = polib.pofile(str(path))
    missing = []
    for entry in catalogue:
        if entry.msgid in NL:
            entry.msgstr = NL[entry.msgid]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        elif not entry.msgstr:
            missing.append(entry.msgid)
    catalogue.metadata["Language"] = "nl"
    catalogue.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    catalogue.save()
    catalogue.save_as_mofile(str(path.with_suffix(".mo")))
    english = polib.pofile(str(path.parent.parent.parent / "en/LC_MESSAGES/django.po"))
    english.metadata["Language"] = "en"
    english.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    english.save()
    english.save_as_mofile(str(path.parent.parent.parent / "en/LC_MESSAGES/django.mo"))
    print("untranslated:", *missing, sep="\n  ") if missing else print("all translated")
