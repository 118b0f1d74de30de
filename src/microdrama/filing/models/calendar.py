"""The working-day calendar (工作日历): one row per day of every covered year, editable by admins.

A year is usable only when `CalendarYear` says it is complete; deadlines in other years are refused
rather than guessed (python-holidays silently returns wrong 2027 results; see the reference).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarYear(models.Model):
    year = models.PositiveIntegerField(_("年份"), unique=True)
    source = models.CharField(_("来源"), max_length=120)
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["year"]
        verbose_name = _("日历年份")
        verbose_name_plural = _("日历年份")

    def __str__(self) -> str:
        return f"{self.year} ({self.source})"


class WorkDay(models.Model):
    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("工作日"))
    name = models.CharField(_("说明"), max_length=60, blank=True, help_text=_("节假日名称或“调休上班”"))
    source = models.CharField(_("来源"), max_length=120)

    class Meta:
        ordering = ["date"]
        verbose_name = _("日历日")
        verbose_name_plural = _("日历日")

    def __str__(self) -> str:
        return f"{self.date} {'上班' if self.is_workday else '休息'} {self.name}".strip()

    @property
    def is_in_lieu(self) -> bool:
        """A weekend day that is a working day (调休上班)."""
        return self.is_workday and self.date.weekday() >= 5

    @property
    def is_holiday(self) -> bool:
        """A weekday that is a day off (法定节假日)."""
        return not self.is_workday and self.date.weekday() < 5


class CalendarEdit(models.Model):
    """History of every change an admin or an import made to the calendar."""

    date = models.DateField()
    was_workday = models.BooleanField(null=True)
    is_workday = models.BooleanField()
    name = models.CharField(max_length=60, blank=True)
    reason = models.CharField(max_length=200)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.date}: {self.reason}"
