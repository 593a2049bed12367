from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from bureau.accounts.models import Notification
from bureau.accounts.services import notifications_mark_read


def notification_list(request):
    notices = Notification.objects.filter(user=request.user)
    page_obj = Paginator(notices, 20).get_page(request.GET.get("page"))
    return render(request, "accounts/notifications.html", {"page_obj": page_obj})


@require_POST
def mark_all_read(request):
    count = notifications_mark_read(user=request.user)
    messages.success(request, f"已将 {count} 条通知标为已读。" if count else "没有未读通知。")
    return redirect("notifications:list")


@require_POST
def open_notification(request, pk):
    # Only the user's own notices: another user's id is a 404, so nothing leaks.
    notice = get_object_or_404(Notification, pk=pk, user=request.user)
    notifications_mark_read(user=request.user, ids=[notice.pk])
    # The link is ours, but never follow one that leaves the site.
    if notice.url and url_has_allowed_host_and_scheme(
        notice.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(notice.url)
    return redirect("notifications:list")
