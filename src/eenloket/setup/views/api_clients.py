"""Partner API clients of an organisation (decision 0040): list, create, change the scopes,
issue and revoke tokens, revoke a client. Every write goes through ``api.services`` (which
audits it) and asks for the second factor again. A new token is shown once, in the answer to
the form that made it, never stored in the session or anywhere else."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from eenloket.api import services as api_clients
from eenloket.backoffice.step_up import second_factor_again
from eenloket.core.errors import DomainError
from eenloket.core.http import posted
from eenloket.setup import forms_api, selectors, selectors_api
from eenloket.setup.views import manager_only


def _client_url(client):
    return reverse("setup:api_client", args=[client.pk])


def _token_shown(request, *, client, raw, token=None, overlap_days=None):
    response = render(
        request,
        "setup/api_token.html",
        {
            "client": client,
            "raw": raw,
            "token": token or client.tokens.order_by("-created_at").first(),
            "overlap_days": overlap_days,
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@manager_only
def api_clients_of(request, organisation_id):
    organisation = selectors_api.organisation(actor=request.actor, organisation_id=organisation_id)
    return render(
        request,
        "setup/api_clients.html",
        {
            "organisation": organisation,
            "clients": selectors_api.clients_of(actor=request.actor, organisation=organisation),
        },
    )


@manager_only
@second_factor_again
def api_client_new(request):
    choices = selectors.membership_choices(actor=request.actor)
    initial = {"organisation": request.GET.get("organisatie", ""), "days": 365}
    form = forms_api.ClientForm(posted(request), initial=initial, **choices)
    chosen = choices["organisations"]
    back = reverse("setup:home")
    for organisation in chosen:
        if str(organisation.pk) == str(form["organisation"].value()):
            back = reverse("setup:api_clients", args=[organisation.pk])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            client, raw = api_clients.client_create(
                name=data["name"],
                team=data["team"],
                scopes=data["scopes"],
                lifetime=dt.timedelta(days=data["days"]),
                actor=request.actor,
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            return _token_shown(request, client=client, raw=raw)
    return render(
        request,
        "setup/form.html",
        {
            "form": form,
            "back": back,
            "title": _("New API client"),
            "intro": _(
                "A partner system (e.g. a case system of UWV) that uses the loket's API for one "
                "team. After saving you see its first token once."
            ),
            "submit": _("Save and show the token"),
        },
        status=400 if form.errors else 200,
    )


@manager_only
def api_client_detail(request, client_id):
    client = selectors_api.client(actor=request.actor, client_id=client_id)
    scopes = [(name, forms_api.SCOPE_LABELS.get(name, name)) for name in client.scopes]
    return render(request, "setup/api_client.html", {"client": client, "scopes": scopes})


def _scope_preview(client, scopes) -> dict:
    """What the client may ask after the change, and what is new or taken away."""
    old, new = set(client.scopes), set(scopes)

    def labelled(names):
        return [(n, forms_api.SCOPE_LABELS.get(n, n)) for n in sorted(names)]

    return {
        "may": [(n, label, n not in old) for n, label in labelled(new)],
        "removed": labelled(old - new),
    }


@manager_only
@second_factor_again
def api_client_scopes(request, client_id):
    """Step 1: the scopes, ticked as they are; step 2 ("preview"): what the client may from
    now on, what is new and what is taken away; step 3 ("confirm"): saved. Tokens stay."""
    client = selectors_api.client(actor=request.actor, client_id=client_id)
    form = forms_api.ScopesForm(posted(request), initial={"scopes": client.scopes})
    step = request.POST.get("step", "") if request.method == "POST" else ""
    preview = None
    if request.method == "POST" and form.is_valid():
        scopes = form.cleaned_data["scopes"]
        if sorted(set(scopes)) == sorted(client.scopes):
            form.add_error("scopes", _("These are the scopes it has now: nothing changes."))
        elif step == "confirm":
            try:
                api_clients.client_scopes_change(client=client, scopes=scopes, actor=request.actor)
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(
                    request, _("Saved. From its next request the system may only what is listed.")
                )
                return redirect(_client_url(client))
        else:
            preview = _scope_preview(client, scopes)
    return render(
        request,
        "setup/api_scopes.html",
        {"client": client, "form": form, "preview": preview, "back": _client_url(client)},
        status=400 if form.errors else 200,
    )


@manager_only
@second_factor_again
def api_token_new(request, client_id):
    client = selectors_api.client(actor=request.actor, client_id=client_id)
    form = forms_api.TokenForm(posted(request), initial={"overlap_days": 7, "days": 365})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            token, raw = api_clients.token_rotate(
                client=client,
                overlap=dt.timedelta(days=data["overlap_days"]),
                lifetime=dt.timedelta(days=data["days"]),
                actor=request.actor,
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            return _token_shown(
                request, client=client, raw=raw, token=token, overlap_days=data["overlap_days"]
            )
    return render(
        request,
        "setup/form.html",
        {
            "form": form,
            "back": _client_url(client),
            "title": _("New token for %(name)s") % {"name": client.name},
            "intro": _(
                "The new token is shown once. The older tokens stop working after the days you "
                "give here, so the partner can switch without an outage."
            ),
            "submit": _("Issue the token"),
        },
        status=400 if form.errors else 200,
    )


def _revoke_page(request, *, form, title, intro, back, submit):
    return render(
        request,
        "setup/form.html",
        {"form": form, "back": back, "title": title, "intro": intro, "submit": submit},
        status=400 if form.errors else 200,
    )


@manager_only
@second_factor_again
def api_client_revoke(request, client_id):
    client = selectors_api.client(actor=request.actor, client_id=client_id)
    form = forms_api.RevokeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        api_clients.client_revoke(client=client, actor=request.actor)
        messages.success(request, _("The client and all its tokens are revoked."))
        return redirect(_client_url(client))
    return _revoke_page(
        request,
        form=form,
        title=_("Revoke %(name)s") % {"name": client.name},
        intro=_(
            "Every token of this client stops working at once, and it cannot be used again. "
            "For a new start, add a new client."
        ),
        back=_client_url(client),
        submit=_("Revoke the client"),
    )


@manager_only
@second_factor_again
def api_token_revoke(request, token_id):
    token = selectors_api.token(actor=request.actor, token_id=token_id)
    form = forms_api.RevokeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        api_clients.token_revoke(token=token, actor=request.actor)
        messages.success(request, _("The token is revoked; it no longer works."))
        return redirect(_client_url(token.client))
    return _revoke_page(
        request,
        form=form,
        title=_("Revoke token elk_%(prefix)s_…") % {"prefix": token.prefix},
        intro=_("This token of %(name)s stops working at once. Its other tokens keep working.")
        % {"name": token.client.name},
        back=_client_url(token.client),
        submit=_("Revoke the token"),
    )
