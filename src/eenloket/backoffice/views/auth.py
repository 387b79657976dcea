"""Worker login: password, then (where required) a TOTP code; logout."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext
from django.views.decorators.http import require_POST

from eenloket.accounts import services
from eenloket.accounts.middleware import SESSION_EPOCH, SESSION_LOGIN_AT, SESSION_SECOND_FACTOR_AT
from eenloket.accounts.models import User
from eenloket.backoffice.forms import CodeForm, InvitationForm, LoginForm
from eenloket.core import clock
from eenloket.core.errors import DomainError
from eenloket.core.http import client_address, posted
from eenloket.demo import data as demodata

PENDING_USER = "eenloket_pending_user"
PENDING_SECRET = "eenloket_pending_totp_secret"
PENDING_NEXT = "eenloket_pending_next"

# One message for a wrong name and a wrong password, so the page does not reveal which
# user names exist. Marked here, translated per request (translating at import would fix it
# in whatever language was active when the module was first imported).
WRONG_CREDENTIALS = gettext_noop("The user name or password is not right.")


def _safe_next(request, candidate):
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return settings.LOGIN_REDIRECT_URL


def _finish_login(request, user):
    next_url = request.session.pop(PENDING_NEXT, None)
    login(request, user, backend="eenloket.accounts.backends.WorkerBackend")
    now = clock.now().timestamp()
    request.session[SESSION_LOGIN_AT] = now
    request.session[SESSION_EPOCH] = user.session_epoch
    if services.second_factor_required(user):
        request.session[SESSION_SECOND_FACTOR_AT] = now
    return redirect(_safe_next(request, next_url))


def _wait_message(wait) -> str:
    if wait.scope == "address":
        return ngettext(
            "Too many failed attempts from this network. Try again in %(n)s minute.",
            "Too many failed attempts from this network. Try again in %(n)s minutes.",
            wait.minutes,
        ) % {"n": wait.minutes}
    return ngettext(
        "Too many failed attempts for this user name. Try again in %(n)s minute, or log in "
        "now with your password and the code from your authenticator app.",
        "Too many failed attempts for this user name. Try again in %(n)s minutes, or log in "
        "now with your password and the code from your authenticator app.",
        wait.minutes,
    ) % {"n": wait.minutes}


def _with_code(request, form, username):
    """A user name that must wait: password and authenticator code together log in at once
    (the second factor proves it is the worker, not whoever typed wrong passwords)."""
    user = authenticate(request, username=username, password=form.cleaned_data["password"])
    if (
        user is not None
        and services.second_factor_required(user)
        and user.totp_confirmed_at is not None
        and services.totp_verify(user=user, code=form.cleaned_data["code"])
    ):
        services.login_succeeded(username=username)
        request.session.cycle_key()
        request.session[PENDING_NEXT] = request.GET.get("next", "")
        return _finish_login(request, user)
    services.login_failed(username=username, address=client_address(request))
    form.add_error(None, _(WRONG_CREDENTIALS))
    return None


def login_view(request):
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    form = LoginForm(posted(request))
    show_code = False
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"].strip().lower()
        address = client_address(request)
        wait = services.login_wait(username=username, address=address)
        if wait and wait.scope == "name" and form.cleaned_data["code"]:
            done = _with_code(request, form, username)
            if done is not None:
                return done
            show_code = True
        elif wait:
            form.add_error(None, _wait_message(wait))
            show_code = wait.scope == "name"
        else:
            user = authenticate(request, username=username, password=form.cleaned_data["password"])
            if user is None:
                services.login_failed(username=username, address=address)
                form.add_error(None, _(WRONG_CREDENTIALS))
            else:
                services.login_succeeded(username=username)
                request.session.cycle_key()
                request.session[PENDING_NEXT] = request.GET.get("next", "")
                if not services.second_factor_required(user):
                    return _finish_login(request, user)
                request.session[PENDING_USER] = user.pk
                if user.totp_confirmed_at is None:
                    return redirect("backoffice:totp_enrol")
                return redirect("backoffice:totp_verify")
    context = {
        "form": form,
        "demo_login": settings.EENLOKET_DEMO_LOGIN,
        "show_code": show_code,
        # Organisations whose workers may log in at their own provider (decision 0041).
        "organisation_logins": sorted(
            settings.EENLOKET_WORKER_LOGIN.values(), key=lambda p: p.label
        ),
    }
    if settings.EENLOKET_DEMO_LOGIN:
        context.update(demo_accounts=demodata.ACCOUNTS, demo_password=demodata.DEMO_PASSWORD)
    return render(request, "backoffice/login.html", context)


def _pending_user(request):
    user_id = request.session.get(PENDING_USER)
    return User.objects.filter(pk=user_id, is_active=True).first() if user_id else None


def totp_verify_view(request):
    user = _pending_user(request)
    if user is None:
        return redirect("backoffice:login")
    form = CodeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        wait = services.login_wait(username=user.username, address=client_address(request))
        if wait:
            request.session.flush()
            messages.error(request, _wait_message(wait))
            return redirect("backoffice:login")
        if services.totp_verify(user=user, code=form.cleaned_data["code"]):
            services.login_succeeded(username=user.username)
            del request.session[PENDING_USER]
            return _finish_login(request, user)
        services.login_failed(username=user.username, address=client_address(request))
        form.add_error("code", _("This code is not right. Use the newest code in your app."))
    return render(request, "backoffice/totp_verify.html", {"form": form})


def totp_enrol_view(request):
    user = _pending_user(request)
    if user is None or user.totp_confirmed_at is not None:
        return redirect("backoffice:login")
    secret = request.session.get(PENDING_SECRET) or services.totp_new_secret()
    request.session[PENDING_SECRET] = secret
    form = CodeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.totp_confirm_enrolment(
                user=user, secret=secret, code=form.cleaned_data["code"]
            )
        except DomainError as error:
            form.add_error("code", error.message)
        else:
            del request.session[PENDING_SECRET]
            del request.session[PENDING_USER]
            messages.success(request, _("Your second step is set up."))
            return _finish_login(request, user)
    grouped_secret = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    return render(
        request,
        "backoffice/totp_enrol.html",
        {
            "form": form,
            "secret": grouped_secret,
            "uri": services.totp_provisioning_uri(user=user, secret=secret),
        },
    )


@login_required
def second_factor_confirm(request):
    """The second factor again, before a sensitive action (backoffice/step_up.py)."""
    next_url = _safe_next(request, request.GET.get("next") or request.POST.get("next"))
    user = request.user
    if not services.second_factor_required(user) or user.totp_confirmed_at is None:
        return redirect(next_url)
    form = CodeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        wait = services.login_wait(username=user.username, address=client_address(request))
        if wait:
            logout(request)
            messages.error(request, _wait_message(wait))
            return redirect("backoffice:login")
        if services.totp_verify(user=user, code=form.cleaned_data["code"]):
            request.session[SESSION_SECOND_FACTOR_AT] = clock.now().timestamp()
            return redirect(next_url)
        services.login_failed(username=user.username, address=client_address(request))
        form.add_error("code", _("This code is not right. Use the newest code in your app."))
    return render(
        request,
        "backoffice/second_factor_confirm.html",
        {"form": form, "next": next_url},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def logout_view(request):
    logout(request)
    messages.info(request, _("You are logged out."))
    return redirect("backoffice:login")


def invitation_view(request, token):
    """An invited worker's single-use link (decision 0048): choose a password, then set up
    the second factor, which logs them in."""
    try:
        invitation = services.invitation_find(token)
    except DomainError as error:
        return render(request, "backoffice/invitation.html", {"refused": error.message}, status=404)
    form = InvitationForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(token=token, password=form.cleaned_data["password"])
        except DomainError as error:
            form.add_error("password" if error.field == "password" else None, error.message)
        else:
            logout(request)
            request.session.cycle_key()
            request.session[PENDING_USER] = user.pk
            request.session[PENDING_NEXT] = ""
            messages.success(request, _("Your password is set. Now set up your second step."))
            return redirect("backoffice:totp_enrol")
    return render(
        request,
        "backoffice/invitation.html",
        {"form": form, "worker": invitation.user},
        status=400 if form.errors else 200,
    )
