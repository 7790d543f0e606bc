"""The History pages: every editorial action on a map (and on the bot texts, which every
map shows), or on one step, newest first, in the admin's own History look."""

from django.contrib.admin.views.main import PAGE_VAR
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.template.response import TemplateResponse

#: Entries per page.
PER_PAGE = 100


def history_page(model_admin, request, obj, entries):
    """``entries`` of ``obj`` (a map or a step), paginated."""
    if obj is None:
        raise Http404("No such object.")
    if not model_admin.has_view_or_change_permission(request, obj):
        raise PermissionDenied
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get(PAGE_VAR, 1))
    opts = model_admin.model._meta
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"History: {obj}",
        "subtitle": None,
        "object": obj,
        "opts": opts,
        "module_name": str(opts.verbose_name_plural).capitalize(),
        "entries": page,
        "page_range": page.paginator.get_elided_page_range(page.number),
        "page_var": PAGE_VAR,
    }
    return TemplateResponse(request, "admin/advisor/history.html", context)
