from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404, render


def profile(request, username):
    user = get_object_or_404(get_user_model(), username__iexact=username, is_active=True)
    return render(request, "accounts/profile.html", {"profile_user": user})
