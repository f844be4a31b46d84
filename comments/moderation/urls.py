"""URLs of the moderation dashboard (namespace "moderation", moderators only) and the two
public moderation pages (namespace "discussion": the rules and the report form)."""

from django.urls import path

from comments.moderation import views
from comments.moderation.dsa import views as dsa_views
from newsroom import converters  # noqa: F401  (registers <id:...>)

app_name = "moderation"

urlpatterns = [
    path("", views.pending_queue, name="pending"),
    path("reported/", views.reported_queue, name="reported"),
    path("hidden/", views.hidden_queue, name="hidden"),
    path("refused/", views.refused_queue, name="refused"),
    path("bulk/", views.bulk_action, name="bulk"),
    path("comments/<id:pk>/hide/", views.comment_hide, name="comment-hide"),
    path("comments/<id:pk>/restore/", views.comment_restore, name="comment-restore"),
    path("comments/<id:pk>/approve/", views.comment_approve, name="comment-approve"),
    path("comments/<id:pk>/dismiss/", views.comment_dismiss, name="comment-dismiss"),
    path("users/<id:pk>/", views.user_card, name="user"),
    path("users/<id:pk>/suspend/", views.user_suspend, name="user-suspend"),
    path("users/<id:pk>/ban/", views.user_ban, name="user-ban"),
    path("users/<id:pk>/premoderate/", views.user_premoderate, name="user-premoderate"),
    path("users/<id:pk>/note/", views.user_note, name="user-note"),
    path("sanctions/<id:pk>/lift/", views.sanction_lift, name="sanction-lift"),
    path("live/counts/", views.live_counts, name="live-counts"),
    path("desk/", dsa_views.desk, name="desk"),
    path("transparency/", dsa_views.transparency_report, name="transparency"),
    path("desk/sections/<id:pk>/claim/", dsa_views.desk_claim, name="desk-claim"),
    path("desk/sections/<id:pk>/take-over/", dsa_views.desk_take_over, name="desk-take-over"),
    path("desk/sections/<id:pk>/release/", dsa_views.desk_release, name="desk-release"),
    # One queue view and one decide view for notices and complaints (dsa_views.DecisionQueue).
    path("notices/", dsa_views.decision_queue, {"queue": dsa_views.NOTICES}, name="notices"),
    path(
        "notices/<id:pk>/decide/",
        dsa_views.decision_decide,
        {"queue": dsa_views.NOTICES},
        name="notice-decide",
    ),
    path("appeals/", dsa_views.decision_queue, {"queue": dsa_views.APPEALS}, name="appeals"),
    path(
        "appeals/<id:pk>/decide/",
        dsa_views.decision_decide,
        {"queue": dsa_views.APPEALS},
        name="appeal-decide",
    ),
    path("articles/", views.article_list, name="articles"),
    path("articles/<id:pk>/close/", views.article_close, name="article-close"),
    path("articles/<id:pk>/reopen/", views.article_reopen, name="article-reopen"),
    path(
        "articles/<id:pk>/premoderation/",
        views.article_premoderation,
        name="article-premoderation",
    ),
]

# Included under /comments/ with namespace "discussion"; readers use these.
public_urlpatterns = [
    path("rules/", views.rules_page, name="rules"),
    path("<id:pk>/report/", views.report, name="report"),
    # DSA: notice of illegal content, statements of reasons, complaints
    path("<id:pk>/notice/", dsa_views.notice_create, name="notice-create"),
    path("notices/<str:reference>/", dsa_views.notice_detail, name="notice"),
    path("statements/<str:reference>/", dsa_views.statement_detail, name="statement"),
    path("<id:pk>/statement/", dsa_views.comment_statement, name="comment-statement"),
]
