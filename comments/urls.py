from django.urls import path

from comments import views
from comments.feeds import CommentFeed
from newsroom import converters  # noqa: F401  (registers <id:...>)

app_name = "comments"

urlpatterns = [
    path("post/<id:article_pk>/", views.comment_post, name="post"),
    path("<id:pk>/", views.comment_permalink, name="permalink"),
    path("<id:pk>/edit/", views.comment_edit_view, name="edit"),
    path("<id:pk>/delete/", views.comment_delete_view, name="delete"),
    path("<id:pk>/recommend/", views.comment_recommend_view, name="recommend"),
    path("<id:pk>/unrecommend/", views.comment_unrecommend_view, name="unrecommend"),
    path("<id:pk>/pick/", views.comment_pick_view, name="pick"),
    path("feed/<slug:slug>/", CommentFeed(), name="feed"),
    path("live/<id:article_id>/", views.live_changes_view, name="live"),
]
