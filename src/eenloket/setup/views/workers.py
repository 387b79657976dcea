"""Worker accounts and their memberships."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from eenloket.accounts import services as accounts
from eenloket.backoffice.step_up import second_factor_again
from eenloket.core.errors import DomainError
from eenloket.core.http import posted
from eenloket.setup import forms, forms_workers, selectors
from eenloket.setup import services as setup
from eenloket.setup.views import form_page, manager_only


def _choices(request):
    return selectors.membership_choices(actor=request.actor)


def _worker_url(user):
    return reverse("setup:worker", args=[user.pk])


@manager_only
def workers(request):
    return render(
        request, "setup/workers.html", {"workers": selectors.workers(actor=request.actor)}
    )


@manager_only
def worker_new(request):
    form = forms.WorkerForm(posted(request), **_choices(request))

    def save(data):
        user = setup.worker_add(actor=request.actor, **data)
        return _worker_url(user)

    return form_page(
        request,
        form,
        template="setup/form.html",
        context={
            "title": _("New worker"),
            "intro": _(
                "The worker logs in with this user name and first password, and sets up the "
                "code app on their phone at the first login. Give the password in person or by "
                "phone, never in the same e-mail as the user name."
            ),
        },
        save=save,
        done=_("The account is made. The worker can log in now."),
        back=reverse("setup:workers"),
    )


@manager_only
def worker_detail(request, user_id):
    user = selectors.worker(actor=request.actor, user_id=user_id)
    form = forms.WorkerEditForm(
        posted(request), initial={"display_name": user.display_name, "email": user.email}
    )

    def save(data):
        accounts.worker_update(user=user, actor=request.actor, **data)

    return form_page(
        request,
        form,
        template="setup/worker.html",
        context={
            "worker": user,
            "memberships": list(user.memberships.all()),
            "membership_form": forms.MembershipForm(**_choices(request)),
            "password_form": forms.PasswordForm(),
            "role_form": forms.RoleForm(),
        },
        save=save,
        done=_("Your changes are saved."),
        back=_worker_url(user),
    )


@manager_only
@second_factor_again
def membership_new(request, user_id):
    user = selectors.worker(actor=request.actor, user_id=user_id)
    form = forms.MembershipForm(posted(request), **_choices(request))

    def save(data):
        accounts.membership_create(user=user, actor=request.actor, **data)

    return form_page(
        request,
        form,
        template="setup/form.html",
        context={"title": _("New membership of %(name)s") % {"name": user}},
        save=save,
        done=_("The membership is added. The worker logs in again to use it."),
        back=_worker_url(user),
    )


@manager_only
@second_factor_again
def membership_end(request, membership_id):
    """End one membership today; what the worker holds for its team goes to a colleague of
    that team chosen here (decision 0053). The page first says what that is."""
    membership = selectors.membership(actor=request.actor, membership_id=membership_id)
    user = membership.user
    stays = membership.team_id is None or selectors.stays_in_team(
        actor=request.actor, membership=membership
    )
    colleagues, suggested = selectors.team_colleagues(actor=request.actor, membership=membership)
    initial = {"successor": str(suggested.pk)} if suggested else {}
    work = (
        None if stays else selectors.open_work(actor=request.actor, user=user, team=membership.team)
    )
    form = forms_workers.OffboardForm(
        posted(request),
        colleagues=colleagues,
        initial=initial,
        work_to_hand_over=work is not None and work.any,
    )
    form.fields["successor"].label = _("Colleague of the team who takes over its open work")

    def save(data):
        setup.membership_leave(
            membership=membership, successor=data["successor"], actor=request.actor
        )

    return form_page(
        request,
        form,
        template="setup/membership_end.html",
        context={
            "worker": user,
            "membership": membership,
            "stays": stays,
            "work": work,
            "title": _("End a membership of %(name)s") % {"name": user},
        },
        save=save,
        done=_(
            "The membership ends today; the worker's sessions ended, and the open work of the "
            "team is handed over."
        ),
        back=_worker_url(user),
    )


@manager_only
@second_factor_again
def membership_role(request, membership_id):
    membership = selectors.membership(actor=request.actor, membership_id=membership_id)
    form = forms.RoleForm(posted(request), initial={"role": membership.role})

    def save(data):
        accounts.membership_change_role(
            membership=membership, role=data["role"], actor=request.actor
        )

    return form_page(
        request,
        form,
        template="setup/form.html",
        context={"title": _("Change the role of %(name)s") % {"name": membership}},
        save=save,
        done=_("The role is changed; the worker logs in again to use it."),
        back=_worker_url(membership.user),
    )


@manager_only
@second_factor_again
def worker_password(request, user_id):
    user = selectors.worker(actor=request.actor, user_id=user_id)
    form = forms.PasswordForm(posted(request))

    def save(data):
        accounts.worker_set_password(user=user, password=data["password"], actor=request.actor)

    return form_page(
        request,
        form,
        template="setup/form.html",
        context={"title": _("New password for %(name)s") % {"name": user}},
        save=save,
        done=_("The password is changed and every session of the worker ended."),
        back=_worker_url(user),
    )


def _base_url(request) -> str:
    return request.build_absolute_uri("/")


@manager_only
def worker_invite(request):
    form = forms_workers.InviteForm(posted(request), **_choices(request))

    def save(data):
        user = setup.worker_invite(actor=request.actor, base_url=_base_url(request), **data)
        return _worker_url(user)

    return form_page(
        request,
        form,
        template="setup/form.html",
        context={
            "title": _("Invite a worker"),
            "intro": _(
                "The worker gets an e-mail with a link that works once, for three days. With it "
                "they choose their own password and set up the code app on their phone."
            ),
            "submit": _("Send the invitation"),
        },
        save=save,
        done=_("The invitation is sent."),
        back=reverse("setup:workers"),
    )


@manager_only
@require_POST
def invitation_resend(request, user_id):
    user = selectors.worker(actor=request.actor, user_id=user_id)
    try:
        setup.invitation_resend(user=user, base_url=_base_url(request), actor=request.actor)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("A new invitation is sent; the older link no longer works."))
    return redirect(_worker_url(user))


@manager_only
@second_factor_again
def worker_offboard(request, user_id):
    user = selectors.worker(actor=request.actor, user_id=user_id)
    colleagues, suggested = selectors.colleagues(actor=request.actor, user=user)
    initial = {"successor": str(suggested.pk)} if suggested else {}
    work = selectors.open_work(actor=request.actor, user=user)
    form = forms_workers.OffboardForm(
        posted(request), colleagues=colleagues, initial=initial, work_to_hand_over=work.any
    )

    def save(data):
        setup.worker_offboard(user=user, successor=data["successor"], actor=request.actor)

    return form_page(
        request,
        form,
        template="setup/offboard.html",
        context={
            "worker": user,
            "work": work,
            "title": _("%(name)s leaves") % {"name": user},
        },
        save=save,
        done=_("Every membership has ended, every session too, and the open work is handed over."),
        back=_worker_url(user),
    )
