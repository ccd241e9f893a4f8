"""Article intake, mounted under /admin/intake/ beside the admin it belongs to."""

from django.urls import path

from negotiations.intake import views

app_name = "intake"

urlpatterns = [
    path("", views.paste, name="paste"),
    path("<int:source_id>/", views.review, name="review"),
]
