"""Sortable, paged tables: sorting and paging come from the query string and survive together."""

from django.test import RequestFactory

from microdrama.accounts.models import Organisation
from microdrama.hub.tables import Column, Table

COLUMNS = [Column("name", "名称", sort="name"), Column("city", "城市", sort="city"), Column("phone", "电话")]


def make_table(query, **kwargs):
    request = RequestFactory().get("/", query)
    return Table(request, Organisation.objects.all(), COLUMNS, **kwargs)


def test_sorting_by_a_column_and_reversing_it(demo_data):
    asc = make_table({"sort": "city"}, per_page=100)
    cities = [o.city for o in asc.page.object_list]
    assert cities == sorted(cities)
    desc = make_table({"sort": "-city"}, per_page=100)
    assert [o.city for o in desc.page.object_list] == sorted(cities, reverse=True)
    header = next(h for h in asc.columns if h.label == "城市")
    assert header.sort_state == "asc" and "sort=-city" in header.sort_url


def test_unknown_sort_keys_are_ignored_not_errors(demo_data):
    table = make_table({"sort": "password"})
    assert len(table.page.object_list) == 14 or table.page.paginator.count == 14


def test_paging_keeps_the_sort(demo_data):
    table = make_table({"sort": "name", "page": "2"}, per_page=5)
    assert table.page.number == 2
    assert "sort=name" in table.page_url_next and "page=3" in table.page_url_next
    names = [o.name for o in table.page.object_list]
    assert names == sorted(Organisation.objects.values_list("name", flat=True))[5:10]


def test_out_of_range_page_shows_the_last_page(demo_data):
    table = make_table({"page": "999"}, per_page=5)
    assert table.page.number == table.page.paginator.num_pages


def test_cells_escape_html(demo_data):
    Organisation.objects.filter(city="南昌").update(city="<script>x</script>")
    table = make_table({}, per_page=100)
    html = "".join(str(cell.html) for row in table.rows for cell in row)
    assert "<script>" not in html and "&lt;script&gt;" in html
