"""The steps' pictures as the admin's pages show them (the preview, the step's page, the
change list): served from the database to whoever may see the map."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from advisor.admin.pages import viewable_map
from advisor.models import Picture


def picture_page(model_admin, request, map_id, sha256):
    viewable_map(model_admin, request, map_id)
    picture = get_object_or_404(Picture, pk=sha256)
    response = HttpResponse(bytes(picture.data), content_type=picture.content_type)
    response["Content-Disposition"] = "inline"
    return response
