from django.contrib import admin

from .models import Base, Booking, BookingSlot, PlanGroup, PlanScene, Set, SetFacility, SetPhoto, ShootingPlan


@admin.register(Base)
class BaseAdmin(admin.ModelAdmin):
    list_display = ("name", "city", "operator", "hold_hours")
    list_filter = ("city",)
    search_fields = ("name",)


class FacilityInline(admin.TabularInline):
    model = SetFacility
    extra = 0


class PhotoInline(admin.TabularInline):
    model = SetPhoto
    extra = 0
    fields = ("image", "caption", "order")


@admin.register(Set)
class SetAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "base", "kind", "set_type", "day_rate", "capacity", "status")
    list_filter = ("kind", "status", "base__city")
    search_fields = ("code", "name", "set_type")
    inlines = [FacilityInline, PhotoInline]


class SlotInline(admin.TabularInline):
    model = BookingSlot
    extra = 0
    readonly_fields = ("set", "date", "slot", "active", "hold_until")
    can_delete = False


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    list_display = (
        "pk",
        "set",
        "drama",
        "company",
        "status",
        "first_date",
        "last_date",
        "price",
        "created_at",
    )
    list_filter = ("status",)
    search_fields = ("set__name", "drama__title", "company__name")
    inlines = [SlotInline]
    raw_id_fields = ("drama", "plan_group")


class SceneInline(admin.TabularInline):
    model = PlanScene
    extra = 0


@admin.register(ShootingPlan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("title", "drama", "company", "start_date", "source")
    inlines = [SceneInline]


admin.site.register(PlanGroup)
