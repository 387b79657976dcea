"""Dutch texts of the one state-machine pattern and the send-versus-close race (#19,
decision 0038). "je" for workers."""

NL = {
    "This cannot change from “%(state)s” to “%(target)s”.": (
        "Dit kan niet van ‘%(state)s’ naar ‘%(target)s’."
    ),
    "This cannot be done now: the state is “%(state)s”.": (
        "Dit kan nu niet: de status is ‘%(state)s’."
    ),
    "The case is closed: a handover cannot be sent from it.": (
        "De vraag is afgesloten: je kunt er geen overdracht meer voor versturen."
    ),
    "Only a warm handover needs a call before it is sent.": (
        "Alleen een warme overdracht vraagt om een telefoontje vooraf."
    ),
    "A handover of this case is still a draft: send it or mark it entered in error first.": (
        "Een overdracht bij deze vraag is nog een concept: verstuur die eerst, of markeer "
        "hem als ‘per vergissing ingevoerd’."
    ),
    "This action of the plan cannot go from “%(state)s” to “%(target)s”.": (
        "Deze actie uit het plan kan niet van ‘%(state)s’ naar ‘%(target)s’."
    ),
    "This consent cannot go from “%(state)s” to “%(target)s”.": (
        "Deze toestemming kan niet van ‘%(state)s’ naar ‘%(target)s’."
    ),
}
