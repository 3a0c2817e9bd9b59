from django.contrib import admin

from jobbtorg.providers.models import ActivityType, Provider


@admin.register(Provider)
class ProviderAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "is_active"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(ActivityType)
class ActivityTypeAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name_sv",
        "category",
        "daily_attendance",
        "max_length_days",
        "is_active",
    ]
    list_filter = ["category", "is_active"]
    search_fields = ["code", "name_sv", "name_en"]

    def get_readonly_fields(self, request, obj=None):  # type: ignore[no-untyped-def]
        # Codes are contracts with districts' and providers' systems.
        return ["code"] if obj is not None else []
