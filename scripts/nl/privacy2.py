"""Dutch texts of break-glass with four eyes, and retention of undelivered messages and worker
notifications (#23, decision 0049)."""

NL = {
    # Break-glass: the listed reasons
    "Danger to life or health": "Gevaar voor leven of gezondheid",
    "An eviction or a cut-off of water or energy is about to happen": "Een huisuitzetting of afsluiting van water of energie staat vlak voor de deur",
    "A deadline for the person ends today": "Een termijn voor de inwoner loopt vandaag af",
    "What is the emergency?": "Wat is de nood?",
    "You see only the data this emergency needs. Never the BSN.": "U ziet alleen de gegevens die voor deze nood nodig zijn. Nooit het BSN.",
    "Choose the emergency from the list.": "Kies de nood uit de lijst.",
    "Choose the reason from the list.": "Kies de reden uit de lijst.",
    "In your own words. Urgent access is logged, and the privacy officer reviews every use. At least 20 characters.": "In uw eigen woorden. Spoedtoegang wordt vastgelegd en de privacyfunctionaris beoordeelt elk gebruik. Minstens 20 tekens.",
    "Use this only when someone needs help now and the team that works with them cannot be reached. A coordinator of a team on the case must confirm it within the hour, or it ends. You see only what the emergency needs. The privacy officer reviews every use.": "Gebruik dit alleen als iemand nu hulp nodig heeft en het team dat met hem of haar werkt niet bereikbaar is. Een coördinator van een team op de vraag moet het binnen een uur bevestigen, anders stopt het. U ziet alleen wat voor de nood nodig is. De privacyfunctionaris beoordeelt elk gebruik.",
    "Urgent access. A coordinator must confirm it within the hour, or it ends. This is logged and reviewed.": "Spoedtoegang. Een coördinator moet het binnen een uur bevestigen, anders stopt het. Dit wordt vastgelegd en beoordeeld.",
    # Break-glass: the second worker
    "A colleague opened a case by break-glass. Confirm it within the hour, or the access ends.": "Een collega opende een vraag met spoedtoegang. Bevestig het binnen een uur, anders stopt de toegang.",
    "Another worker must confirm your urgent access.": "Een andere medewerker moet uw spoedtoegang bevestigen.",
    "This urgent access is already confirmed.": "Deze spoedtoegang is al bevestigd.",
    "This urgent access has ended. The worker can open the case again if it is needed.": "Deze spoedtoegang is gestopt. De medewerker kan de vraag opnieuw openen als dat nodig is.",
    "Your urgent access ended: no second worker confirmed it within the hour.": "Uw spoedtoegang is gestopt: geen tweede medewerker heeft het binnen een uur bevestigd.",
    "You confirmed the urgent access.": "U hebt de spoedtoegang bevestigd.",
    "Confirm urgent access": "Spoedtoegang bevestigen",
    "Opened by": "Geopend door",
    "Opened at": "Geopend op",
    "Emergency": "Nood",
    "In their words": "In eigen woorden",
    "What it opens": "Wat het opent",
    "Ends": "Stopt",
    "at %(moment)s, unless you confirm it": "om %(moment)s, tenzij u het bevestigt",
    "Confirmed by %(worker)s at %(moment)s.": "Bevestigd door %(worker)s om %(moment)s.",
    "Confirm only when you know the emergency is real. Your confirmation is logged, and the privacy officer reviews it.": "Bevestig alleen als u weet dat de nood echt is. Uw bevestiging wordt vastgelegd en de privacyfunctionaris beoordeelt het.",
    "Confirm the urgent access": "Spoedtoegang bevestigen",
    "Ended: nobody confirmed it within the hour.": "Gestopt: niemand heeft het binnen een uur bevestigd.",
    # Retention: two more kinds of record
    "A message to you that could not be delivered on any channel, with its attempts": "Een bericht aan u dat wij op geen enkele manier konden bezorgen",
    "the last attempt to deliver it": "de laatste keer dat wij het probeerden te bezorgen",
    "A notification to a worker (a new task, a handover, a break-glass to confirm)": "Een melding aan een medewerker (een nieuwe taak, een overdracht, spoedtoegang om te bevestigen)",
    "the notification was made": "de melding is gemaakt",
    "Deleted, read or not, unless it is about a dossier under a legal hold.": "Verwijderd, gelezen of niet, behalve als het over een dossier gaat dat bewaard moet blijven.",
}
