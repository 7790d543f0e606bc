"""URL routes: the admin, the Telegram webhook and the web chat (botapp.web), and the admin's
login and refusal pages."""

from django.contrib import admin
from django.urls import include, path

from botapp.chat.views import telegram_webhook
from config.admin_login import LoginFormWithTriesLeft

admin.site.login_form = LoginFormWithTriesLeft
admin.site.site_url = None  # the site has no pages of its own: no "View site" link

urlpatterns = [
    path("admin/", admin.site.urls),
    path("telegram/webhook/", telegram_webhook, name="telegram-webhook"),
    path("", include("botapp.web.urls")),
]

# A refused action (Django's PermissionDenied, advisor.actions.Refused) gets a page in the
# admin's look that says who may do it.
handler403 = "advisor.admin.refusals.permission_denied"
