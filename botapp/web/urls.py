"""The web chat's routes (config/urls.py includes them at the site's root)."""

from django.urls import path

from botapp.web.embed import embed_script
from botapp.web.feedback import feedback
from botapp.web.views import chat_page, picture

DRAFT = {"draft": True}

urlpatterns = [
    path("embed.js", embed_script, name="web-embed"),
    path("chat/<str:slug>/", chat_page, name="web-chat"),
    path("chat/<str:slug>/feedback/", feedback, name="web-feedback"),
    path("chat/<str:slug>/pictures/<str:sha256>/", picture, name="web-picture"),
    path("chat/<str:slug>/draft/", chat_page, DRAFT, name="web-draft-chat"),
    path("chat/<str:slug>/draft/pictures/<str:sha256>/", picture, DRAFT, name="web-draft-picture"),
]
