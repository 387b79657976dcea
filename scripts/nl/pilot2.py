"""Dutch texts of inviting workers by e-mail and of a worker leaving (#22, decision 0048)."""

NL = {
    # Inviting a worker
    "An invitation goes by e-mail: give the worker's address.": "Een uitnodiging gaat per e-mail: vul het e-mailadres van de medewerker in.",
    "This link is not valid. Ask your application manager for a new one.": "Deze link is niet geldig. Vraag je applicatiebeheerder om een nieuwe.",
    "This link has been used already. Log in with your user name and password.": "Deze link is al gebruikt. Log in met je gebruikersnaam en wachtwoord.",
    "This link has expired. Ask your application manager for a new one.": "Deze link is verlopen. Vraag je applicatiebeheerder om een nieuwe.",
    "This worker has set a password already.": "Deze medewerker heeft al een wachtwoord gekozen.",
    "The worker gets a link here that works once, for three days.": "De medewerker krijgt op dit adres een link die één keer werkt, drie dagen lang.",
    "Invite a worker": "Medewerker uitnodigen",
    "The worker gets an e-mail with a link that works once, for three days. With it they choose their own password and set up the code app on their phone.": "De medewerker krijgt een e-mail met een link die één keer werkt, drie dagen lang. Daarmee kiest de medewerker zelf een wachtwoord en stelt de code-app op de telefoon in.",
    "Send the invitation": "Uitnodiging versturen",
    "The invitation is sent.": "De uitnodiging is verstuurd.",
    "A new invitation is sent; the older link no longer works.": "Er is een nieuwe uitnodiging verstuurd. De oude link werkt niet meer.",
    "Invite a worker by e-mail": "Medewerker uitnodigen per e-mail",
    "Add a worker with a first password": "Medewerker toevoegen met een eerste wachtwoord",
    "Import or export the roster (CSV)": "Medewerkerslijst inlezen of downloaden (CSV)",
    "The worker has not chosen a password yet.": "De medewerker heeft nog geen wachtwoord gekozen.",
    "Send a new invitation": "Nieuwe uitnodiging versturen",
    "Choose a password": "Kies een wachtwoord",
    "At least 12 characters, not a common password and not like your name.": "Minstens 12 tekens, geen veelgebruikt wachtwoord en niet hetzelfde als je naam.",
    "Choose a password.": "Kies een wachtwoord.",
    "The same password again": "Hetzelfde wachtwoord nog een keer",
    "Type the password again.": "Typ het wachtwoord nog een keer.",
    "The two passwords are not the same.": "De twee wachtwoorden zijn niet hetzelfde.",
    "Your password is set. Now set up your second step.": "Je wachtwoord is opgeslagen. Stel nu je tweede stap in.",
    "Welcome to eenloket": "Welkom bij eenloket",
    "To the login page": "Naar de inlogpagina",
    "Your user name is <strong>%(username)s</strong>. Choose your password; after that you set up the code app on your phone (your second step).": "Je gebruikersnaam is <strong>%(username)s</strong>. Kies je wachtwoord. Daarna stel je de code-app op je telefoon in (je tweede stap).",
    "Save my password": "Wachtwoord opslaan",
    # A worker leaves
    "Colleague who takes over the open work": "Collega die het open werk overneemt",
    "Roster file (CSV, UTF-8)": "Medewerkerslijst (CSV, UTF-8)",
    "Choose the CSV file to import.": "Kies het CSV-bestand om in te lezen.",
    "%(name)s still has open work. Choose the colleague who takes it over.": "%(name)s heeft nog open werk. Kies de collega die het overneemt.",
    "Choose a colleague who works on cases for the same organisation now.": "Kies een collega die nu voor dezelfde organisatie aan vragen werkt.",
    "%(name)s leaves": "%(name)s vertrekt",
    "Every membership has ended, every session too, and the open work is handed over.": "Alle lidmaatschappen en sessies zijn beëindigd en het open werk is overgedragen.",
    "The worker leaves: end everything and hand over the work": "De medewerker vertrekt: alles beëindigen en het werk overdragen",
    "Back without changing anything": "Terug zonder iets te wijzigen",
    "Every membership of this worker ends today, and every session at once. Their open work goes to the colleague you choose, so nothing is left without an owner.": "Alle lidmaatschappen van deze medewerker stoppen vandaag, en alle sessies meteen. Het open werk gaat naar de collega die je kiest. Zo blijft niets zonder eigenaar.",
    "Open work": "Open werk",
    "%(n)s open case they coordinate": (
        "%(n)s open vraag die deze medewerker coördineert",
        "%(n)s open vragen die deze medewerker coördineert",
    ),
    "%(n)s handover they hold": (
        "%(n)s overdracht bij deze medewerker",
        "%(n)s overdrachten bij deze medewerker",
    ),
    "%(n)s open plan action": ("%(n)s open actie in een plan", "%(n)s open acties in een plan"),
    "%(n)s case team they are on": ("%(n)s team rond een vraag", "%(n)s teams rond een vraag"),
    "This worker holds no open work.": "Deze medewerker heeft geen open werk.",
    "End everything and hand over the work": "Alles beëindigen en het werk overdragen",
}
NL.update(
    {
        # The roster file
        "Row %(row)s, column “%(column)s”: %(message)s": "Regel %(row)s, kolom “%(column)s”: %(message)s",
        "“%(value)s” is not a date like 31-01-2027.": "“%(value)s” is geen datum zoals 31-01-2027.",
        "There is no organisation with this name.": "Er is geen organisatie met deze naam.",
        "This organisation has no team with this name.": "Deze organisatie heeft geen team met deze naam.",
        "Unknown role; use one of: %(roles)s.": "Onbekende rol. Gebruik een van deze: %(roles)s.",
        "The file is too large (at most 2 MB).": "Het bestand is te groot (hoogstens 2 MB).",
        "The file is not UTF-8 text. Save it as “CSV UTF-8”.": "Het bestand is geen UTF-8-tekst. Sla het op als “CSV UTF-8”.",
        "Row 1: the columns %(missing)s are missing; the first row must be: %(headers)s.": "Regel 1: de kolommen %(missing)s ontbreken. De eerste regel moet zijn: %(headers)s.",
        "The file has no rows below the header.": "Het bestand heeft geen regels onder de kopregel.",
        "Imported: %(invited)s workers invited, %(memberships)s memberships added.": "Ingelezen: %(invited)s medewerkers uitgenodigd, %(memberships)s lidmaatschappen toegevoegd.",
        "Roster file": "Medewerkerslijst",
        "A CSV file in UTF-8, one membership per row. The first row names the columns:": "Een CSV-bestand in UTF-8, één lidmaatschap per regel. De eerste regel noemt de kolommen:",
        "Organisation and team as they are called in the loket; the team may be empty for roles without case work. Dates like 31-01-2027. Roles:": "Organisatie en team zoals ze in het loket heten. Het team mag leeg zijn bij rollen zonder werk aan vragen. Datums zoals 31-01-2027. Rollen:",
        "A new user name gets an invitation by e-mail; a known one gets the membership. The whole file is checked first: if one row is wrong, nothing changes.": "Een nieuwe gebruikersnaam krijgt een uitnodiging per e-mail. Een bekende krijgt het lidmaatschap erbij. Eerst wordt het hele bestand gecontroleerd: is één regel fout, dan verandert er niets.",
        "Download the current roster (CSV)": "De huidige medewerkerslijst downloaden (CSV)",
        "Nothing was imported. Correct these rows and try again:": "Er is niets ingelezen. Verbeter deze regels en probeer het opnieuw:",
        "Import": "Inlezen",
    }
)
NL.update(
    {
        "There is an application manager already: add others on the screens.": "Er is al een applicatiebeheerder. Voeg anderen toe op de schermen.",
    }
)
