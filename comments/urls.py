from django.urls import path

from comments import views

app_name = "comments"

urlpatterns = [
    path("post/<int:article_pk>/", views.comment_post, name="post"),
    path("<int:pk>/", views.comment_permalink, name="permalink"),
    path("<int:pk>/edit/", views.comment_edit_view, name="edit"),
    path("<int:pk>/delete/", views.comment_delete_view, name="delete"),
]
