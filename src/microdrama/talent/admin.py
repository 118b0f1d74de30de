from django.contrib import admin

from .models import (
    Attendance,
    CastingRole,
    Course,
    Credit,
    Enrolment,
    ProfileTag,
    Session,
    Shortlist,
    ShortlistEntry,
    TalentProfile,
    Unavailability,
)


class TagInline(admin.TabularInline):
    model = ProfileTag
    extra = 0


class CreditInline(admin.TabularInline):
    model = Credit
    extra = 0
    raw_id_fields = ("drama",)


class BusyInline(admin.TabularInline):
    model = Unavailability
    extra = 0


@admin.register(TalentProfile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ("number", "name", "kind", "gender", "city", "status", "user")
    list_filter = ("kind", "status", "gender", "city")
    search_fields = ("number", "name", "phone")
    raw_id_fields = ("user",)
    inlines = [TagInline, CreditInline, BusyInline]


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "category", "partner", "hours", "capacity", "status")
    list_filter = ("category", "status")
    inlines = [SessionInline]


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ("profile", "course", "status", "completed_on", "certificate_number")
    list_filter = ("status", "course")
    raw_id_fields = ("profile",)


class EntryInline(admin.TabularInline):
    model = ShortlistEntry
    extra = 0
    raw_id_fields = ("profile",)


@admin.register(CastingRole)
class RoleAdmin(admin.ModelAdmin):
    list_display = ("name", "drama", "kind", "gender", "source")
    raw_id_fields = ("drama",)
    inlines = [EntryInline]


admin.site.register(Shortlist)
admin.site.register(Attendance)
