"""Only reference data of this app is in the admin; personal data never is."""

from django.contrib import admin

from jobbtorg.core.admin import NoPersonalDataAdmin
from jobbtorg.participants.models import TargetGroup


@admin.register(TargetGroup)
class TargetGroupAdmin(NoPersonalDataAdmin):
    list_display = ["code", "name_sv", "name_en", "position", "is_active"]
    list_editable = ["position", "is_active"]
    search_fields = ["code", "name_sv", "name_en"]

    def get_readonly_fields(self, request, obj=None):  # type: ignore[no-untyped-def]
        # Codes are contracts with districts' systems and the transfer format.
        return ["code"] if obj is not None else []

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        # Referrals keep the group they were made under: retire a group, never delete it.
        return False
