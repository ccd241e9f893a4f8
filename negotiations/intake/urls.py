"""Article intake's first address, /admin/intake/, kept so that the links, bookmarks and tests
made before it moved under Sources in the admin still work: the same admin-wrapped views."""

from django.contrib import admin
from django.urls import path

from negotiations.models import Source

app_name = "intake"

_paste, _review = admin.site.get_model_admin(Source).intake_views()

urlpatterns = [
    path("", _paste, name="paste"),
    path("<int:source_id>/", _review, name="review"),
]
