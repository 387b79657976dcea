"""Dutch texts of the register of processing activities on the set-up screens and of the
confirmation of legal references (#22, pilot content)."""

NL = {
    "official page read": "gelezen officiële pagina",
    "read on": "gelezen op",
    "Start the confirmation with the address of the official page you read.": "Begin de bevestiging met het adres van de officiële pagina die u las.",
    "A confirmation needs both the official page and the day you read it.": "Een bevestiging heeft de officiële pagina én de dag waarop u die las nodig.",
    "Confirmed on the official text (optional)": "Bevestigd op de officiële tekst (niet verplicht)",
    "Only if you read the article on an official page: its address, then what it says. Left empty, the basis is shown as not confirmed.": "Alleen als u het artikel op een officiële pagina las: het adres, dan wat er staat. Laat u dit leeg, dan staat de grondslag als niet bevestigd.",
    "Read on": "Gelezen op",
    "Not confirmed: nobody recorded reading this article on an official page.": "Niet bevestigd: niemand heeft vastgelegd dat dit artikel op een officiële pagina is gelezen.",
    "confirmed on %(day)s": "bevestigd op %(day)s",
    "not confirmed": "niet bevestigd",
    "Register of processing activities": "Verwerkingsregister",
    "confirmed on the official text (%(day)s)": "bevestigd op de officiële tekst (%(day)s)",
    "What the loket itself does with personal data, on which legal ground and for how long (AVG art. 30). A reference is confirmed only when someone read the article on an official page; the privacy officer checks the others before the pilot starts. The register changes with the software: a new version is stored with “eenloket audit register”.": "Wat het loket zelf met persoonsgegevens doet, op welke grondslag en hoe lang (AVG art. 30). Een verwijzing is alleen bevestigd als iemand het artikel op een officiële pagina las; de privacy officer controleert de andere voordat de pilot begint. Het register verandert met de software: een nieuwe versie wordt opgeslagen met “eenloket audit register”.",
    "Legal ground": "Grondslag",
    "Kept for": "Bewaard",
    "%(months)s months": "%(months)s maanden",
    "confidential: not shown to the citizen line by line": "vertrouwelijk: de inwoner ziet dit niet regel voor regel",
    "Version in force": "Geldende versie",
    "not stored yet": "nog niet opgeslagen",
    "What the retention periods rest on": "Waar de bewaartermijnen op berusten",
}
