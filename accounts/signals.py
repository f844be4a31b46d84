"""Signals other apps may listen to: cache invalidation, and the person's data (export, erasure)."""

from django.dispatch import Signal

# Sent (sender=User, user_id=<pk>) inside the transaction that changes what other pages show
# for a person: display name, avatar, or the account's deletion. The comments app connects it
# to bump the cached threads of the articles the person commented on.
public_identity_changed = Signal()

# Sent (sender=User, user=<User>) by accounts.services.user_export. A receiver returns a dict
# of export sections (e.g. {"comments": [...]}) that is merged into the user's data export:
# the apps that store a person's data add it without accounts importing them.
user_data_requested = Signal()

# Sent (sender=User, user=<User>, handle=<old handle>, email=<old address>) by
# accounts.services.user_delete inside its transaction, *before* the account is anonymised:
# every app that stores something about the person (the comments app: notices sent,
# complaints, statements, reports, mail records) removes or anonymises it there, matching by
# account and by the old address. A receiver that raises rolls the whole deletion back.
user_erasing = Signal()
