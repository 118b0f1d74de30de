"""Django admin for the enforcement policy (SLA targets as data), platform profiles and cases."""

from django.contrib import admin

from .models import Case, CaseEvent, Delivery, Notice, PlatformProfile, Policy


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):
    list_display = (
        "effective_from",
        "notice_hours",
        "takedown_hours",
        "escalate_after_hours",
        "review_threshold",
        "confirm_threshold",
        "recheck_minutes",
    )


@admin.register(PlatformProfile)
class PlatformProfileAdmin(admin.ModelAdmin):
    list_display = ("organisation", "notice_email", "webhook_url", "webhook_secret_env", "response_hours")


class EventInline(admin.TabularInline):
    model = CaseEvent
    extra = 0
    readonly_fields = ("at", "action", "from_state", "to_state", "actor", "reason", "evidence")
    can_delete = False


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = (
        "pk",
        "work",
        "platform",
        "state",
        "score",
        "detected_at",
        "notice_sent_at",
        "taken_down_at",
    )
    list_filter = ("state", "platform")
    search_fields = ("url", "uploader", "title")
    inlines = [EventInline]
    # state only changes through the workflow (every step an event and an evidence-log entry)
    readonly_fields = (
        "state",
        "resolution",
        "candidate",
        "work",
        "episode",
        "score",
        "detected_at",
        "notice_sent_at",
        "taken_down_at",
        "disappeared_at",
        "closed_at",
    )


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    readonly_fields = ("channel", "target", "status", "attempts", "delivered_at", "response_code", "error")


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ("number", "kind", "recipient", "created_at", "sent_at", "response")
    inlines = [DeliveryInline]
