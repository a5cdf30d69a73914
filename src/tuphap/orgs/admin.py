from django.contrib import admin

from tuphap.orgs.models import Agency, ReceivingPoint, StaffProfile, Unit


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
    list_display = ["user", "unit", "position", "receiving_point"]
    list_filter = ["unit"]


@admin.register(ReceivingPoint)
class ReceivingPointAdmin(admin.ModelAdmin):
    """The department's receiving points: the communes change with the map (data, not code)."""

    list_display = ["name", "code", "kind", "commune", "agency", "valid_from", "valid_to"]
    list_filter = ["kind", "agency"]
    search_fields = ["code", "name", "commune"]
