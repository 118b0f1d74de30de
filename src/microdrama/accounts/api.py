"""Account endpoints: who am I, and my personal API tokens."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from .models import ApiToken
from .services import issue_token, revoke_token

router = Router(tags=["accounts"])


class OrganisationOut(Schema):
    id: int
    name: str
    kind: str


class MeOut(Schema):
    username: str
    display_name: str
    roles: list[str]
    organisation: OrganisationOut | None


class TokenOut(Schema):
    id: int
    name: str
    state: str
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None


class TokenIn(Schema):
    name: str
    days: int | None = None


class NewTokenOut(TokenOut):
    token: str


def _token_out(t: ApiToken) -> dict:
    return {
        "id": t.pk, "name": t.name, "state": t.state, "created_at": t.created_at,
        "expires_at": t.expires_at, "last_used_at": t.last_used_at,
    }


@router.get("/me", response=MeOut)
def me(request):
    user = request.auth
    org = user.organisation
    return {
        "username": user.username,
        "display_name": user.display_name or user.username,
        "roles": sorted(user.roles),
        "organisation": {"id": org.pk, "name": org.name, "kind": org.kind} if org else None,
    }


@router.get("/tokens", response=list[TokenOut])
def list_tokens(request):
    return [_token_out(t) for t in request.auth.api_tokens.all()]


@router.post("/tokens", response={201: NewTokenOut})
def create_token(request, payload: TokenIn):
    try:
        token, raw = issue_token(request.auth, payload.name, payload.days)
    except ValidationError as exc:
        raise HttpError(422, "; ".join(exc.messages)) from exc
    return Status(201, {**_token_out(token), "token": raw})


@router.delete("/tokens/{token_id}", response=TokenOut)
def delete_token(request, token_id: int):
    try:
        return _token_out(revoke_token(request.auth, token_id))
    except ApiToken.DoesNotExist as exc:
        raise HttpError(404, "Not found") from exc
