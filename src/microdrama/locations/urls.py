from django.urls import path

from .views import bookings, dashboard, plans, sets

app_name = "locations"

urlpatterns = [
    path("", sets.index, name="index"),
    path("search/", sets.search, name="search"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("sets/", sets.set_list, name="sets"),
    path("sets/new/", sets.set_edit, name="set_new"),
    path("sets/import/", sets.csv_import, name="import"),
    path("sets/export.csv", sets.csv_export, name="export"),
    path("sets/<int:pk>/", sets.set_detail, name="set"),
    path("sets/<int:pk>/edit/", sets.set_edit, name="set_edit"),
    path("sets/<int:pk>/month/", sets.set_calendar, name="set_month"),
    path("sets/<int:pk>/photos/", sets.photo_upload, name="photo_upload"),
    path("sets/<int:pk>/photos/<int:photo_pk>/delete/", sets.photo_delete, name="photo_delete"),
    path("sets/<int:pk>/book/", bookings.request_booking, name="book"),
    path("calendar/", sets.base_calendar, name="calendar"),
    path("calendar/<int:pk>/", sets.base_calendar, name="base_calendar"),
    path("bookings/", bookings.booking_list, name="bookings"),
    path("bookings/<int:pk>/", bookings.booking_detail, name="booking"),
    path("bookings/<int:pk>/approve/", bookings.approve, name="approve"),
    path("bookings/<int:pk>/decline/", bookings.decline, name="decline"),
    path("bookings/<int:pk>/cancel/", bookings.cancel, name="cancel"),
    path("bookings/<int:pk>/booking.ics", bookings.booking_ics, name="booking_ics"),
    path("plans/", plans.plan_list, name="plans"),
    path("plans/new/", plans.plan_new, name="plan_new"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan"),
    path("plans/<int:pk>/scenes/", plans.plan_scenes, name="plan_scenes"),
    path("plans/<int:pk>/groups/<int:group_pk>/", plans.plan_group, name="plan_group"),
    path("plans/<int:pk>/book/", plans.plan_book, name="plan_book"),
]
