from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class HandleOrEmailBackend(ModelBackend):
    """Log in with the @handle or the e-mail address, both case-insensitive."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        User = get_user_model()
        user = User.objects.for_login(username).order_by("pk").first()
        if user is None:
            User().set_password(password)  # same cost as a real check: no user enumeration
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
