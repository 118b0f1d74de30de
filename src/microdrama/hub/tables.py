"""Sortable, paged tables for list pages: one small helper so every list behaves the same way.

A view builds `Table(request, queryset, columns)`; `components/table.html` renders it. Sorting and
paging travel in the query string (`?sort=-created&page=2`), so links can be shared and bookmarked.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe


@dataclass
class Column:
    key: str
    label: Any
    sort: str | None = None  # ORM field to order by; None = not sortable
    render: Callable[[Any], Any] | None = None  # object -> text or safe HTML
    numeric: bool = False

    def cell(self, obj: Any) -> SafeString:
        value = self.render(obj) if self.render else getattr(obj, self.key, "")
        if callable(value):
            value = value()
        if value is None or value == "":
            return mark_safe('<span class="muted">—</span>')
        return conditional_escape(value)


@dataclass
class _Cell:
    html: SafeString
    numeric: bool


@dataclass
class _Header:
    label: Any
    sortable: bool
    sort_url: str
    sort_state: str
    numeric: bool


class Table:
    def __init__(
        self,
        request,
        queryset: QuerySet | Sequence,
        columns: list[Column],
        *,
        per_page: int = 20,
        default_sort: str | None = None,
        empty_text: Any = "",
        empty_icon: str = "inbox",
        empty_action: tuple[str, Any] | None = None,
        testid: str = "table",
        prefix: str = "",
    ) -> None:
        self.request = request
        self._columns = columns
        self.testid = testid
        self.empty_text = empty_text
        self.empty_icon = empty_icon
        self.empty_action_url, self.empty_action_label = empty_action or ("", "")
        self._sort_param = f"{prefix}sort"
        self._page_param = f"{prefix}page"
        self.sort_key = request.GET.get(self._sort_param, default_sort or "")
        if isinstance(queryset, QuerySet):
            order = self._order_by()
            if order:
                queryset = queryset.order_by(order, "-pk")
        self.page = Paginator(queryset, per_page).get_page(request.GET.get(self._page_param))

    def _order_by(self) -> str | None:
        key = self.sort_key.lstrip("-")
        col = next((c for c in self._columns if c.key == key and c.sort), None)
        if col is None:
            return None
        return f"-{col.sort}" if self.sort_key.startswith("-") else col.sort

    def _url(self, **changes: Any) -> str:
        params = self.request.GET.copy()
        for key, value in changes.items():
            params[key] = value
        return "?" + params.urlencode()

    @property
    def columns(self) -> list[_Header]:
        headers = []
        for col in self._columns:
            state = ""
            if col.sort and self.sort_key.lstrip("-") == col.key:
                state = "desc" if self.sort_key.startswith("-") else "asc"
            next_sort = f"-{col.key}" if state == "asc" else col.key
            headers.append(_Header(col.label, bool(col.sort), self._url(**{self._sort_param: next_sort, self._page_param: 1}), state, col.numeric))
        return headers

    @property
    def rows(self) -> list[list[_Cell]]:
        return [[_Cell(c.cell(obj), c.numeric) for c in self._columns] for obj in self.page.object_list]

    @property
    def page_url_prev(self) -> str:
        return self._url(**{self._page_param: self.page.previous_page_number()})

    @property
    def page_url_next(self) -> str:
        return self._url(**{self._page_param: self.page.next_page_number()})
