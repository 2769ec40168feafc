from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from heartline.config.api import api
from heartline.core import error_pages
from heartline.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("contacts/volume/", core_views.contact_volume, name="contact-volume"),
    path("healthz", core_views.healthz, name="healthz"),
    path("login/", auth_views.LoginView.as_view(template_name="core/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("vendor/vega-bundle.js", core_views.vega_bundle, name="vega-bundle"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("contacts/", include("heartline.contacts.urls")),
    path("behaviors/", include("heartline.behaviors.urls")),
    path("quality/", include("heartline.quality.urls")),
    path("coaching/", include("heartline.coaching.urls")),
    path("learning/", include("heartline.learning.urls")),
    path("voice/", include("heartline.voice.urls")),
    path("library/", include("heartline.library.urls")),
    # The access log's pages are core's (AccessLogEntry is core's model), under the compliance prefix.
    path("compliance/access-log/", include("heartline.core.access_log_urls")),
    path("compliance/", include("heartline.compliance.urls")),
    path("members/", include("heartline.members.urls")),
    path("workforce/", include("heartline.workforce.urls")),
    path("insights/", include("heartline.insights.urls")),
    path("transcripts/", include("heartline.transcripts.urls")),
]

# Error pages in the app's look (heartline.core.error_pages); 500 renders without the database.
handler400 = error_pages.bad_request
handler403 = error_pages.permission_denied
handler404 = error_pages.page_not_found
handler500 = error_pages.server_error
