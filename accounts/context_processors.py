from django.utils.functional import SimpleLazyObject

from accounts.models import Notification


def notifications(request):
    """The header's unread count: one COUNT query, and only when a template asks for it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notification_count": 0}

    def count():
        return Notification.objects.filter(recipient_id=user.pk).unread().count()

    return {"unread_notification_count": SimpleLazyObject(count)}
