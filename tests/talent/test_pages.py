"""The talent centre's pages as the officer, a producer and the person themself use them."""

from django.urls import reverse

from microdrama.accounts.models import User
from microdrama.talent.models import CastingRole, ShortlistEntry, TalentProfile
from microdrama.talent.services.profiles import link_user


def test_the_officer_keeps_the_pool(client, officer, make_profile):
    make_profile("苏晚")
    client.force_login(officer)
    assert "人才档案" in client.get(reverse("talent:index")).content.decode()
    response = client.post(
        reverse("talent:profile_new"),
        {
            "name": "新演员",
            "kind": "actor",
            "gender": "female",
            "age_min": 18,
            "age_max": 24,
            "city": "南昌",
            "dialects": "南昌话，客家话",
            "genres": ["costume"],
            "status": "published",
        },
    )
    p = TalentProfile.objects.get(name="新演员")
    assert response.url == reverse("talent:profile", args=[p.pk])
    assert p.dialects == ["南昌话", "客家话"]
    assert "新演员" in client.get(reverse("talent:people"), {"dialect": "客家话"}).content.decode()


def test_the_person_edits_their_own_profile(client, officer, make_profile):
    p = make_profile("苏晚")
    User.objects.create_user("suwan", password="x-Pass-1234")
    link_user(officer, p, "suwan")
    client.force_login(User.objects.get(username="suwan"))
    assert client.get(reverse("talent:me")).url == reverse("talent:profile", args=[p.pk])
    assert client.get(reverse("talent:index")).url == reverse("talent:me")
    form = client.get(reverse("talent:profile_edit", args=[p.pk])).content.decode()
    assert 'name="bio"' in form and 'name="name"' not in form and 'value="archived"' not in form
    client.post(
        reverse("talent:profile_edit", args=[p.pk]), {"bio": "会骑马", "city": "赣州", "status": "hidden"}
    )
    p.refresh_from_db()
    assert (p.bio, p.city, p.status) == ("会骑马", "赣州", "hidden")


def test_a_producer_builds_a_shortlist(client, producer, drama, make_profile):
    suwan = make_profile("苏晚", gender="female", age_min=20, age_max=28)
    client.force_login(producer)
    assert drama.title in client.get(reverse("talent:casting_index")).content.decode()
    client.post(reverse("talent:roles_from_filing", args=[drama.pk]))
    role = CastingRole.objects.get(drama=drama, name="林画")
    client.post(
        reverse("talent:role_add", args=[drama.pk]),
        {
            "name": "丫鬟",
            "kind": "actor",
            "gender": "female",
            "age_min": 16,
            "age_max": 20,
            "dialects": "南昌话",
        },
    )
    assert CastingRole.objects.get(name="丫鬟").dialects == ["南昌话"]
    page = client.get(reverse("talent:role", args=[role.pk])).content.decode()
    assert "苏晚" in page and "备案材料中已填报为该角色人选" in page
    client.post(reverse("talent:shortlist_add", args=[role.pk, suwan.pk]))
    entry = ShortlistEntry.objects.get()
    client.post(reverse("talent:entry_update", args=[entry.pk]), {"status": "audition"})
    entry.refresh_from_db()
    assert entry.status == "audition"
    sheet = client.get(reverse("talent:casting", args=[drama.pk])).content.decode()
    assert "苏晚" in sheet
    assert client.get(reverse("talent:shortlist_csv", args=[drama.pk])).status_code == 200


def test_a_producer_shortlists_from_a_profile_page(client, producer, drama, make_profile):
    suwan = make_profile("苏晚", gender="female")
    client.force_login(producer)
    client.post(reverse("talent:roles_from_filing", args=[drama.pk]))
    role = CastingRole.objects.get(drama=drama, name="林画")
    assert "加入候选名单" in client.get(reverse("talent:profile", args=[suwan.pk])).content.decode()
    client.post(reverse("talent:profile_shortlist", args=[suwan.pk]), {"role": role.pk})
    assert ShortlistEntry.objects.filter(role=role, profile=suwan).exists()


def test_the_training_pages_render(client, officer, make_profile):
    from datetime import timedelta

    from django.utils import timezone

    from microdrama.talent.models import Course, Session

    p = make_profile("学员")
    client.force_login(officer)
    client.post(
        reverse("talent:course_new"),
        {
            "code": "C-1",
            "title": "表演课",
            "category": "acting",
            "hours": 8,
            "capacity": 10,
            "pass_attendance": 80,
            "status": "open",
        },
    )
    course = Course.objects.get(code="C-1")
    start = timezone.localtime() - timedelta(days=1)
    client.post(
        reverse("talent:session_add", args=[course.pk]),
        {
            "topic": "第一课",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    client.post(reverse("talent:enrol", args=[course.pk]), {"number": p.number})
    session = Session.objects.get()
    enrolment = course.enrolments.get()
    client.post(reverse("talent:attendance", args=[session.pk]), {"present": [enrolment.pk]})
    client.post(reverse("talent:complete_all", args=[course.pk]))
    enrolment.refresh_from_db()
    assert enrolment.status == "completed"
    assert enrolment.certificate_number in client.get(reverse("talent:completions")).content.decode()
    csv = client.get(reverse("talent:completions"), {"format": "csv"}).content.decode("utf-8-sig")
    assert "学员" in csv and enrolment.certificate_number in csv


def test_pages_speak_english_on_request(client, producer, make_profile):
    make_profile("苏晚", tags={"genre": ["costume"]})
    client.force_login(producer)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("talent:people")).content.decode()
    assert "Talent pool" in page and "Actor" in page
