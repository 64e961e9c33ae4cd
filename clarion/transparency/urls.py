from django.urls import path

from clarion.transparency import views

app_name = "transparency"

urlpatterns = [
    path("transparency/key.json", views.public_key, name="key"),
    path("<id:pk>/transparency/", views.verify, name="verify"),
    path("<id:pk>/transparency/heads.json", views.head_list, name="heads"),
    path("<id:pk>/transparency/head.json", views.latest_head, name="latest_head"),
    path("<id:pk>/transparency/heads/<int:tree_size>.json", views.head_at, name="head_at"),
    path("<id:pk>/transparency/consistency.json", views.consistency, name="consistency"),
    path("<id:pk>/transparency/inclusion/<str:receipt_hash>.json", views.inclusion, name="inclusion"),
]
