from django.contrib import admin

from tuphap.orgs.models import Agency, StaffProfile, Unit


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "parent", "valid_from", "valid_to"]
    search_fields = ["code", "name"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "agency", "is_active"]
    list_filter = ["agency"]


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "unit", "position"]
    list_filter = ["unit"]
