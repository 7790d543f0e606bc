"""What the handoff's admin pages share: whoever may read maps reads them; nobody adds,
changes or deletes a row there (the bot writes them as conversations happen)."""

from django.contrib import admin

VIEW = "advisor.view_map"


class ReadOnlyForMapReaders(admin.ModelAdmin):
    def has_module_permission(self, request):
        return request.user.has_perm(VIEW)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(VIEW)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
