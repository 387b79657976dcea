"""The worker's notifications, and (for application managers) what could not be done."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from eenloket.access import capabilities
from eenloket.accounts import services as accounts
from eenloket.core.errors import DomainError
from eenloket.notifications import selectors, services
from eenloket.notifications.models import Message
from eenloket.scheduling.models import DeadLetter


@login_required
def notification_list(request):
    if request.method == "POST":
        try:
            accounts.worker_set_notify_by_email(
                user=request.user,
                notify_by_email=request.POST.get("notify_by_email") == "on",
                actor=request.actor,
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your choice is saved."))
        return redirect("backoffice:notifications")
    return render(
        request,
        "backoffice/notifications.html",
        {"notifications": selectors.notifications_for(user=request.user)},
    )


def _require_application_manager(request):
    if not capabilities.may_manage_outbox(request.actor):
        raise Http404(_("This item does not exist or you have no access to it."))


@login_required
def undeliverable(request):
    _require_application_manager(request)
    return render(
        request,
        "backoffice/undeliverable.html",
        {
            "messages_dead": selectors.undeliverable_messages(),
            "dead_letters": DeadLetter.objects.filter(resolved_at__isnull=True)[:100],
        },
    )


@login_required
@require_POST
def message_retry(request, message_id):
    _require_application_manager(request)
    message = get_object_or_404(Message, pk=message_id)
    try:
        services.message_retry(message=message, actor=request.actor)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The message is back in the queue."))
    return redirect("backoffice:undeliverable")
