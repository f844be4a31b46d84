"""URLs of the moderation dashboard (namespace "moderation", moderators only) and the two
public moderation pages (namespace "discussion": the rules and the report form)."""

from django.urls import path

from comments.moderation import views

app_name = "moderation"

urlpatterns = [
    path("", views.pending_queue, name="pending"),
    path("reported/", views.reported_queue, name="reported"),
    path("hidden/", views.hidden_queue, name="hidden"),
    path("bulk/", views.bulk_action, name="bulk"),
    path("comments/<int:pk>/hide/", views.comment_hide, name="comment-hide"),
    path("comments/<int:pk>/restore/", views.comment_restore, name="comment-restore"),
    path("comments/<int:pk>/approve/", views.comment_approve, name="comment-approve"),
    path("comments/<int:pk>/dismiss/", views.comment_dismiss, name="comment-dismiss"),
    path("users/<int:pk>/", views.user_card, name="user"),
    path("users/<int:pk>/suspend/", views.user_suspend, name="user-suspend"),
    path("users/<int:pk>/ban/", views.user_ban, name="user-ban"),
    path("users/<int:pk>/premoderate/", views.user_premoderate, name="user-premoderate"),
    path("users/<int:pk>/note/", views.user_note, name="user-note"),
    path("sanctions/<int:pk>/lift/", views.sanction_lift, name="sanction-lift"),
    path("articles/", views.article_list, name="articles"),
    path("articles/<int:pk>/close/", views.article_close, name="article-close"),
    path("articles/<int:pk>/reopen/", views.article_reopen, name="article-reopen"),
    path(
        "articles/<int:pk>/premoderation/",
        views.article_premoderation,
        name="article-premoderation",
    ),
]

# Included under /comments/ with namespace "discussion"; readers use these.
public_urlpatterns = [
    path("rules/", views.rules_page, name="rules"),
    path("<int:pk>/report/", views.report, name="report"),
]
