from django.urls import path

from comments import views
from comments.feeds import CommentFeed

app_name = "comments"

urlpatterns = [
    path("post/<int:article_pk>/", views.comment_post, name="post"),
    path("<int:pk>/", views.comment_permalink, name="permalink"),
    path("<int:pk>/edit/", views.comment_edit_view, name="edit"),
    path("<int:pk>/delete/", views.comment_delete_view, name="delete"),
    path("<int:pk>/recommend/", views.comment_recommend_view, name="recommend"),
    path("<int:pk>/unrecommend/", views.comment_unrecommend_view, name="unrecommend"),
    path("<int:pk>/pick/", views.comment_pick_view, name="pick"),
    path("feed/<slug:slug>/", CommentFeed(), name="feed"),
]
