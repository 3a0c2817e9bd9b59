"""Only reference data of this app is in the admin; personal data never is."""

from django.contrib import admin

from jobbtorg.core.admin import CodedReferenceAdmin
from jobbtorg.participants.models import TargetGroup


@admin.register(TargetGroup)
class TargetGroupAdmin(CodedReferenceAdmin):
    list_display = ["name_sv", "code_shown", "name_en_shown", "position", "is_active"]
    list_editable = ["position", "is_active"]
    search_fields = ["code", "name_sv", "name_en"]

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        # Referrals keep the group they were made under: retire a group, never delete it.
        return False
