"""How sure a login is: the provider's ``acr`` claim read as an eIDAS level (docs/login.md).

Brokers pass on the level of the login means in the ID token's ``acr`` claim, in the words of
the scheme: DigiD's SAML authentication context classes, eHerkenning's assurance classes, or the
eIDAS URIs. This table reads each as one of our three levels ("basis", "substantieel", "hoog";
access/citizens.py refuses dossier content below "substantieel"). A deployment adds or overrides
rows with EENLOKET_DIGID_ACR_LEVELS / EENLOKET_EHERKENNING_ACR_LEVELS. A missing or unknown
``acr`` counts as the lowest level: we never guess upwards.
"""

from __future__ import annotations

from collections.abc import Iterable

LOWEST = "basis"

# acr value -> (level, what it is). The second column is documentation (docs/login.md).
ACR_LEVELS: dict[str, tuple[str, str]] = {
    # DigiD (Logius), as brokers pass its SAML AuthnContextClassRef on.
    "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport": (
        "basis",
        "DigiD Basis: user name and password",
    ),
    # DigiD Midden is eIDAS "laag" on paper; eenloket has so far accepted the DigiD app and
    # the sms check for dossier content (access/citizens.py, docs/portal.md). A deployment that
    # wants strict eIDAS maps it to basis in EENLOKET_DIGID_ACR_LEVELS.
    "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract": (
        "substantieel",
        "DigiD Midden: DigiD app or sms check",
    ),
    "urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard": (
        "substantieel",
        "DigiD Substantieel: DigiD app with a checked identity document",
    ),
    "urn:oasis:names:tc:SAML:2.0:ac:classes:SmartcardPKI": (
        "hoog",
        "DigiD Hoog: identity document with its chip and PIN",
    ),
    # eHerkenning (Afsprakenstelsel Elektronische Toegangsdiensten) assurance classes.
    "urn:etoegang:core:assurance-class:loa1": ("basis", "eHerkenning EH1"),
    "urn:etoegang:core:assurance-class:loa2": ("basis", "eHerkenning EH2 (eIDAS low)"),
    "urn:etoegang:core:assurance-class:loa2plus": ("basis", "eHerkenning EH2+ (eIDAS low)"),
    "urn:etoegang:core:assurance-class:loa3": (
        "substantieel",
        "eHerkenning EH3 (eIDAS substantial)",
    ),
    "urn:etoegang:core:assurance-class:loa4": ("hoog", "eHerkenning EH4 (eIDAS high)"),
    # The eIDAS levels themselves, as some brokers send them.
    "http://eidas.europa.eu/LoA/low": ("basis", "eIDAS low"),
    "http://eidas.europa.eu/LoA/substantial": ("substantieel", "eIDAS substantial"),
    "http://eidas.europa.eu/LoA/high": ("hoog", "eIDAS high"),
}


def level_for(acr: object, *, overrides: Iterable[tuple[str, str]] = ()) -> str:
    """Return the eIDAS level of ``acr``; the lowest level when it is missing or unknown."""
    if not isinstance(acr, str) or not acr:
        return LOWEST
    configured = dict(overrides)
    if acr in configured:
        return configured[acr]
    known = ACR_LEVELS.get(acr)
    return known[0] if known else LOWEST
