"""Moderation, a package of the comments app (app label `comments`).

rules.py      what the write path asks: sanctions, word lists, pre-moderation, closing, reporting
services.py   what moderators do (each action one transaction plus a ModerationAction)
selectors.py  reads for the moderation pages: queues, the user card, the discussions list
models.py     the moderation tables (imported by comments/models.py, so Django registers them)
forms.py, views.py, urls.py, admin.py
"""
