"""Article intake, mounted under /admin/intake/ beside the admin it belongs to."""

from django.urls import path

from negotiations import intake_admin

app_name = "intake"

urlpatterns = [
    path("", intake_admin.paste, name="paste"),
    path("<int:source_id>/", intake_admin.review, name="review"),
]
