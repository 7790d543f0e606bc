"""The Translate page of each map and language, and the Bot texts page (being written)."""

from django.http import HttpResponse


def translate_page(model_admin, request, map_id, code):
    return HttpResponse("Translate: coming", content_type="text/plain")


def bot_texts_page(model_admin, request):
    return HttpResponse("Bot texts: coming", content_type="text/plain")
