"""Editors' web chat of a map's draft, at /chat/<short name>/draft/: the chat page as users
will see it once published, for staff users who may see maps (view or change), never
public, never framed, cached or indexed. It records no visit and takes no vote."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from botapp.web import framing

#: Either right lets an editor see a map in the admin, and so its draft here.
MAY_SEE = ("advisor.view_map", "advisor.change_map")


def refused(request):
    """None for an editor who may see the draft; else the admin's login page (not signed in
    as staff) or PermissionDenied (staff without the right)."""
    user = request.user
    if not (user.is_active and user.is_staff):
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    if not any(user.has_perm(permission) for permission in MAY_SEE):
        raise PermissionDenied("Only Map editors can see a map's draft")
    return None


def private(response) -> None:
    """A draft's page or picture: for the editor who asked alone."""
    response["Content-Security-Policy"] = framing.policy("'none'")
    response["X-Robots-Tag"] = "noindex, nofollow"
    add_never_cache_headers(response)
