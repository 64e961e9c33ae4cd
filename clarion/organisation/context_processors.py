from clarion.organisation.identity import for_request


def organisation(request):
    """The organisation a page speaks for, and its name where templates have always found the site's."""
    identity = for_request(request)
    return {"ORGANISATION": identity, "CLARION_SITE_NAME": identity.name}
