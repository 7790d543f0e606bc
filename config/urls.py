"""URL routes: the admin and the Telegram webhook."""

from django.contrib import admin
from django.urls import path

from botapp.views import telegram_webhook

urlpatterns = [
    path("admin/", admin.site.urls),
    path("telegram/webhook/", telegram_webhook, name="telegram-webhook"),
]
