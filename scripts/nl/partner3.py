"""Dutch texts of referral events, handover labels in the API and the Klantinteracties export
(#21, third session; decision 0047 addendum)."""

NL = {
    "Export a contact with the citizen (Klantinteracties)": "Een contact met de inwoner exporteren (Klantinteracties)",
    "Taken up by a worker": "Opgepakt door een medewerker",
    "The case was closed": "De vraag is afgesloten",
    "The offer of help was answered": "Het hulpaanbod is beantwoord",
    "What we told who sent you to us": "Wat we lieten weten aan wie u naar ons stuurde",
}
