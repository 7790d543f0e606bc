"""The admin's "Team group" page: which Telegram group answers users, since when, whether the
bot can still post there, and (for a publisher) "Connect a team group", which makes a
one-time code to send in the group as ``/connect CODE``. A Map editor sees it read-only."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse

from botapp.handoff.actions import MakeConnectCode
from botapp.handoff.connecting import CODE_LIFETIME
from botapp.handoff.models import TeamGroup
from botapp.handoff.read_only import ReadOnlyForMapReaders

PUBLISH = "advisor.publish_map"


@admin.register(TeamGroup)
class TeamGroupAdmin(ReadOnlyForMapReaders):
    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        may_connect = request.user.has_perm(PUBLISH)
        code = None
        if request.method == "POST":  # refused (403) unless a publisher
            code = MakeConnectCode(user=request.user).execute()
        context = {
            **self.admin_site.each_context(request),
            "title": "Team group",
            "opts": self.model._meta,
            "groups": TeamGroup.objects.select_related("code_made_by")[:5],
            "may_connect": may_connect,
            "code": code,
            "minutes": int(CODE_LIFETIME.total_seconds() // 60),
        }
        return TemplateResponse(request, "admin/botapp/team_group.html", context)
