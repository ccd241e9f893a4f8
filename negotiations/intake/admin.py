"""Article intake's pages in the admin, mounted under Sources by `IntakeAdminMixin`."""

from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from negotiations.intake import views


class IntakeAdminMixin:
    """Adds "Paste an article" and the review of a pasted source to the Sources admin, behind the
    admin's own login, staff check, CSRF protection and no-cache headers (`admin_view`)."""

    def intake_views(self):
        """(paste, review), wrapped by the admin site; `urls.py` mounts them at their first
        address too."""
        site = self.admin_site
        # The paste view checks the CSRF token itself once the body is known to fit: see
        # `views.paste`. Every other request goes through `admin_view`'s csrf_protect.
        paste = site.admin_view(csrf_exempt(self.intake_paste_view))
        review = site.admin_view(self.intake_review_view)
        return paste, review

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        paste, review = self.intake_views()
        return [
            path("paste/", paste, name=f"{info}_paste"),
            path("<int:source_id>/review/", review, name=f"{info}_review"),
            *super().get_urls(),
        ]

    def intake_paste_view(self, request):
        return views.paste(request, self.admin_site)

    def intake_review_view(self, request, source_id):
        return views.review(request, self.admin_site, source_id)
