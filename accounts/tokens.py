"""The signed e-mail confirmation token: what a confirmation link is bound to. The mail that
carries it (accounts/mail.py) and the view that checks it (accounts/services.py) share it."""

from django.core import signing
from django.utils.crypto import salted_hmac

from accounts.models import User

CONFIRM_SALT = "accounts.confirm-email"
CONFIRM_MAX_AGE = 3 * 24 * 3600


def token_state(user: User, email: str) -> str:
    """What a confirmation link is bound to, like Django's password-reset tokens.

    The password hash (a reset or change kills older links), the current address, whether it
    is confirmed (a used link is dead), and the pending address of a change (a newer request
    replaces older links). Any of these changing invalidates every link made before.
    """
    state = "|".join(
        [
            str(user.pk),
            user.password,
            user.email.lower(),
            str(int(user.email_verified)),
            user.email_pending.lower(),
            email.lower(),
        ]
    )
    return salted_hmac(CONFIRM_SALT, state, algorithm="sha256").hexdigest()[:32]


def email_confirmation_token(*, user: User, email: str) -> str:
    """A signed, expiring token for `email`, valid only while the account is as it was."""
    payload = {"u": user.pk, "e": email.lower(), "s": token_state(user, email)}
    return signing.dumps(payload, salt=CONFIRM_SALT, compress=True)
