"""The page a refused action gets (the project's 403 handler): in the admin's own look, what
was refused and who may do it, by username, to ask."""

from django.contrib import admin
from django.template.response import TemplateResponse

from advisor.actions import Refused, people_who_may
from advisor.actions.base import HOLDERS


def permission_denied(request, exception=None):
    """A refusal, in plain words: "Only Map publishers can publish" and the publishers."""
    if isinstance(exception, Refused):
        message, permission = exception.message, exception.permission
        group = HOLDERS.get(permission, "superusers") if permission else "superusers"
    else:
        message, permission, group = "Your account may not open this page", None, "superusers"
    user = getattr(request, "user", None)
    if user is None or not user.is_active or not user.is_staff:
        return TemplateResponse(request, "admin/advisor/refused_plain.html", status=403)
    context = {
        **admin.site.each_context(request),
        "title": "Not allowed",
        "message": message,
        "group": group,
        "people": [name for name in people_who_may(permission) if name != user.get_username()],
        "holds_it": user.is_superuser,
    }
    return TemplateResponse(request, "admin/advisor/refused.html", context, status=403)
