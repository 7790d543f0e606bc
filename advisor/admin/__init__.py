"""The admin for map editors, a package: the model admins (maps in ``maps``, steps in
``steps``), their forms, and the map's extra pages grouped by family (``pages``,
``changes``, ``publishing``, ``archive``, ``translate``, ``bot_texts``, ``history``)."""

from django.contrib import admin

from advisor.admin import maps, steps  # noqa: F401  (registers the model admins)

admin.site.site_header = "Advisor bot admin"
admin.site.site_title = "Advisor bot admin"
admin.site.index_title = "Edit the advisor"
