"""Clarion's petitions, signatures and supporters as OSDI resources (HAL+JSON), and OSDI's paged collections.

OSDI names people by given and family name; Clarion keeps one name as typed, so it is given whole as
`given_name` rather than split at a guess."""

import math

from django.urls import reverse
from rest_framework import exceptions
from rest_framework.renderers import JSONRenderer

from clarion.petitions.counting import read_counts

ORIGIN = "Clarion"
PER_PAGE, MAX_PER_PAGE = 25, 100


class HalJsonRenderer(JSONRenderer):
    media_type = "application/hal+json"


def _date(value):
    return value.isoformat() if value else None


def _link(request, name, *args):
    return {"href": request.build_absolute_uri(reverse(f"api:{name}", args=args))}


def petition(request, page):
    counts = read_counts(page.counting_id)
    target = {"name": page.target_name} | ({"title": page.target_title} if page.target_title else {})
    return {
        "identifiers": [f"clarion:{page.pk}"], "origin_system": ORIGIN,
        "created_date": _date(page.first_published_at), "modified_date": _date(page.last_published_at),
        "title": page.title, "description": page.demand, "petition_text": page.demand, "target": [target],
        "total_signatures": counts["total"], "browser_url": page.full_url,
        "state": page.public_state(), "consent_text": page.consent_text,
        "_links": {
            "self": _link(request, "osdi_petition", page.pk),
            "osdi:signatures": _link(request, "osdi_signatures", page.pk),
            "osdi:record_signature_helper": _link(request, "osdi_signatures", page.pk),
        },
    }


def person(request, supporter):
    return {
        "identifiers": [f"clarion:{supporter.pk}"], "origin_system": ORIGIN,
        "created_date": _date(supporter.first_seen), "given_name": supporter.name, "family_name": "",
        "email_addresses": [{"address": supporter.email, "primary": True,
                             "status": "subscribed" if supporter.subscribed else "unsubscribed"}],
        "postal_addresses": [{"country": str(supporter.country)}] if supporter.country else [],
        "_links": {"self": _link(request, "osdi_person", supporter.pk)},
    }


def signature(request, row):
    links = {"osdi:petition": _link(request, "osdi_petition", row.petition_id)}
    if row.supporter_id:
        links["osdi:person"] = _link(request, "osdi_person", row.supporter_id)
    return {
        "identifiers": [f"clarion:{row.pk}"], "origin_system": ORIGIN,
        "created_date": _date(row.created_at), "modified_date": _date(row.confirmed_at),
        "comments": row.comment,
        "person": {"given_name": row.name, "family_name": "",
                   "email_addresses": [{"address": row.email, "primary": True}],
                   "postal_addresses": [{"postal_code": row.postal_code, "country": str(row.country)}]},
        "_links": links,
    }


def page_number(request, name):
    """The page asked for (?page=, ?per_page=), as OSDI pages collections; a 400 problem for nonsense."""
    raw = request.query_params.get(name, "")
    if raw == "":
        return None
    if not raw.isdigit() or len(raw) > 6 or int(raw) < 1:
        raise exceptions.ValidationError({name: "A whole number of at least 1."})
    return int(raw)


def collection(request, name, queryset, build):
    """One page of `queryset` as an OSDI collection; (body, number of resources on it)."""
    per_page = min(page_number(request, "per_page") or PER_PAGE, MAX_PER_PAGE)
    page = page_number(request, "page") or 1
    total = queryset.count()
    rows = list(queryset[(page - 1) * per_page: page * per_page])
    items = [build(request, row) for row in rows]
    pages = max(math.ceil(total / per_page), 1)
    links = {"self": {"href": request.build_absolute_uri()},
             f"osdi:{name}": [item["_links"]["self"] for item in items if "self" in item["_links"]]}
    if page < pages:
        query = request.query_params.copy()
        query["page"] = str(page + 1)
        links["next"] = {"href": request.build_absolute_uri(f"{request.path}?{query.urlencode()}")}
    body = {"total_pages": pages, "per_page": per_page, "page": page, "total_records": total,
            "_links": links, "_embedded": {f"osdi:{name}": items}}
    return body, len(items)
