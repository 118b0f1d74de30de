from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import ApiToken, Organisation, RoleGrant, User


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "credit_code", "city", "licence_number", "licence_expiry", "is_active")
    list_filter = ("kind", "is_active", "city")
    search_fields = ("name", "short_name", "credit_code")


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "display_name", "organisation", "is_active", "is_staff")
    list_filter = ("organisation__kind", "is_active", "is_staff")
    search_fields = ("username", "display_name", "email", "organisation__name")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("机构与角色"), {"fields": ("organisation", "display_name", "phone")}),
    )
    inlines = [RoleGrantInline]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "key_id", "created_at", "expires_at", "last_used_at", "revoked_at")
    readonly_fields = ("key_id", "key_hash", "created_at", "last_used_at")
    search_fields = ("name", "user__username")
