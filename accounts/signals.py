"""Signals other apps may listen to (for cache invalidation only)."""

from django.dispatch import Signal

# Sent (sender=User, user_id=<pk>) inside the transaction that changes what other pages show
# for a person: display name, avatar, or the account's deletion. The comments app connects it
# to bump the cached threads of the articles the person commented on.
public_identity_changed = Signal()

# Sent (sender=User, user=<User>) by accounts.services.user_export. A receiver returns a dict
# of export sections (e.g. {"comments": [...]}) that is merged into the user's data export:
# the apps that store a person's data add it without accounts importing them.
user_data_requested = Signal()
