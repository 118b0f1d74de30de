"""The shooting base API: search with free dates, availability, booking and deciding, plans."""

from microdrama.accounts.services import issue_token


def auth(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {issue_token(user, '脚本')[1]}"}


def test_search_lists_free_sets_with_next_free_dates(client, crew, drama, make_set, next_week):
    s = make_set(kind="period", set_type="80年代筒子楼")
    make_set(kind="modern")
    response = client.get(
        "/api/v1/locations/sets",
        {"kind": "period", "date_from": next_week[0].isoformat(), "date_to": next_week[1].isoformat()},
        **auth(crew),
    )
    assert response.status_code == 200
    body = response.json()
    assert [x["code"] for x in body] == [s.code]
    assert body[0]["next_free_dates"][0] == next_week[0].isoformat()


def test_booking_and_approving_through_the_api(client, crew, drama, manager, make_set, next_week):
    s = make_set()
    payload = {
        "set_id": s.pk,
        "drama_id": drama.pk,
        "first_date": next_week[0].isoformat(),
        "last_date": next_week[0].isoformat(),
        "mode": "am",
    }
    created = client.post(
        "/api/v1/locations/bookings", payload, content_type="application/json", **auth(crew)
    )
    assert created.status_code == 201, created.content
    booking = created.json()
    assert booking["status"] == "held" and booking["slots"] == [
        {"date": next_week[0].isoformat(), "slot": "am"}
    ]
    clash = client.post("/api/v1/locations/bookings", payload, content_type="application/json", **auth(crew))
    assert clash.status_code == 422 and "已被占用" in clash.json()["detail"]
    refused = client.post(
        f"/api/v1/locations/bookings/{booking['id']}/approve",
        {},
        content_type="application/json",
        **auth(crew),
    )
    assert refused.status_code == 403
    approved = client.post(
        f"/api/v1/locations/bookings/{booking['id']}/approve",
        {},
        content_type="application/json",
        **auth(manager),
    )
    assert approved.json()["status"] == "approved"
    days = client.get(
        f"/api/v1/locations/sets/{s.pk}/availability",
        {"first": next_week[0].isoformat(), "last": next_week[0].isoformat()},
        **auth(crew),
    ).json()
    assert days == [{"date": next_week[0].isoformat(), "am": "mine", "pm": "free"}]


def test_the_ai_lab_posts_a_scene_list_and_books_the_plan(client, crew, drama, make_set, next_week):
    tenement = make_set(kind="period", set_type="80年代筒子楼")
    payload = {
        "drama_id": drama.pk,
        "start_date": next_week[0].isoformat(),
        "scenes": [{"set_type": "80年代筒子楼", "description": "争吵", "scene_count": 5, "kind": "年代"}],
    }
    plan = client.post("/api/v1/locations/plans", payload, content_type="application/json", **auth(crew))
    assert plan.status_code == 201, plan.content
    group = plan.json()["groups"][0]
    assert group["suggestions"][0]["set_id"] == tenement.pk
    booked = client.post(
        f"/api/v1/locations/plans/{plan.json()['id']}/book", {}, content_type="application/json", **auth(crew)
    )
    assert booked.status_code == 200 and booked.json()[0]["set_id"] == tenement.pk


def test_bad_scene_lists_are_refused_with_the_reasons(client, crew, drama, next_week):
    payload = {"drama_id": drama.pk, "start_date": next_week[0].isoformat(), "scenes": [{"set_type": ""}]}
    response = client.post("/api/v1/locations/plans", payload, content_type="application/json", **auth(crew))
    assert response.status_code == 422 and "第 1 条" in response.json()["detail"]
