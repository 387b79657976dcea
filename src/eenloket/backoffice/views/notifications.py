"""The worker's notifications, and (for application managers) what could not be done."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from eenloket.access import messages as message_access
from eenloket.accounts import services as accounts
from eenloket.backoffice import notification_links
from eenloket.core.errors import DomainError, NotFoundOrForbidden
from eenloket.notifications import selectors, services
from eenloket.scheduling import selectors as scheduling_selectors


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
    notifications = selectors.notifications_for(user=request.user)
    for notification in notifications:
        notification.url = notification_links.url_for(notification.link)
    return render(request, "backoffice/notifications.html", {"notifications": notifications})


@login_required
def undeliverable(request):
    try:
        undelivered = message_access.undeliverable_messages(request.actor)
    except NotFoundOrForbidden as error:
        raise Http404(error.message) from None
    return render(
        request,
        "backoffice/undeliverable.html",
        {
            "messages_dead": undelivered,
            "dead_letters": scheduling_selectors.unresolved_dead_letters(),
        },
    )


@login_required
@require_POST
def message_retry(request, message_id):
    try:
        message = message_access.outbox_message(request.actor, message_id)
    except NotFoundOrForbidden as error:
        raise Http404(error.message) from None
    try:
        services.message_retry(message=message, actor=request.actor)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The message is back in the queue."))
    return redirect("backoffice:undeliverable")
