"""The web chat's routes (config/urls.py includes them at the site's root)."""

from django.urls import path

from botapp.web.feedback import feedback
from botapp.web.views import chat_page, picture

urlpatterns = [
    path("chat/<str:slug>/", chat_page, name="web-chat"),
    path("chat/<str:slug>/feedback/", feedback, name="web-feedback"),
    path("chat/<str:slug>/pictures/<str:sha256>/", picture, name="web-picture"),
]
