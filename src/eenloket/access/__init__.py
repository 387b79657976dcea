"""The policy point: the only way to obtain a person's data or a case, and where each read,
allowed or refused, is logged (docs/privacy.md, docs/architecture.md, docs/decisions/0031).

One module per kind of decision; callers import the module they need
(``from eenloket.access import casework`` and then ``casework.case_for(...)``):

- ``capabilities``: what a worker's role lets them do, one declared capability each;
- ``disclosure``: what a membership may see of a case's person, and on which basis;
- ``casework``: which cases a worker's team sees, one case with its disclosure, worklists;
- ``persons``: finding persons (no browsing), duplicate warnings, the BSN in the clear;
- ``documents``: a case's documents;
- ``messages``: the citizen's messages in Mijn overzicht, and the outbox's failures;
- ``citizens``: the citizen's and a representative's own dossier, and who a login names;
- ``citizen_overview``: what Mijn overzicht (and its letter) shows of the citizen's questions;
- ``appointments``: the citizen's appointments, who comes to a desk, seats taken;
- ``handovers``: a case's handovers, one handover, a team's inbox;
- ``teamwork``: invitations to a team, the breakthrough tables a worker sits at;
- ``break_glass``: urgent access and its review;
- ``access_requests``: asking another team for access to their case, and deciding it;
- ``logs``: the privacy officer's log search and "who looked at my data".

And how it is enforced: ``guarded`` declares the models that hold personal data;
``release`` holds the one key that lets their rows out while a request is served
(core/policy_guard.py). Missing and forbidden give the same answer: ``NotFoundOrForbidden``.
This package has no ``__init__`` imports on purpose: Django imports it before the models.
"""
