"""Which partner sites may carry a petition: the origins editors listed on its page (PetitionPartner)."""

from clarion.core.origin import origin_of
from clarion.petitions.models import PetitionPartner


def partners_of(petition):
    """The counting petition's partners: a translation is the same petition, carried by the same sites."""
    return list(PetitionPartner.objects.filter(petition_id=petition.counting_id).order_by("sort_order", "pk"))


def partner_for_origin(petition, origin):
    """The petition's partner whose site has this origin (an Origin header, or the address a frame names), or
    None: compared as browsers compare origins, scheme, host and port exactly."""
    wanted = origin_of(origin or "")
    if wanted is None:
        return None
    return next((partner for partner in partners_of(petition) if origin_of(partner.origin) == wanted), None)


def partner_named(petition, value):
    """The partner a frame's ?partner= names, by origin or by id."""
    value = (value or "").strip()
    if value.isdigit() and len(value) < 12:
        return next((partner for partner in partners_of(petition) if partner.pk == int(value)), None)
    return partner_for_origin(petition, value)
