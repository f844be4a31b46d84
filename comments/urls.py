from django.urls import path

from comments import views
from newsroom import converters  # noqa: F401  (registers <id:...>)

app_name = "comments"

urlpatterns = [
    path("post/<id:article_pk>/", views.comment_post, name="post"),
    path("<id:pk>/", views.comment_permalink, name="permalink"),
    path("<id:pk>/edit/", views.comment_edit_view, name="edit"),
    path("<id:pk>/delete/", views.comment_delete_view, name="delete"),
]
