from clarion.petitions.models.petition import PetitionPage, PetitionState, PetitionThreshold, PostalCodeMode
from clarion.petitions.models.rules import AccessRule, PetitionSettings
from clarion.petitions.models.signature import (
    CommentState,
    CountryCount,
    Invalidation,
    PetitionCount,
    Signature,
    SignatureState,
)

__all__ = [
    "AccessRule",
    "CommentState",
    "CountryCount",
    "Invalidation",
    "PetitionCount",
    "PetitionPage",
    "PetitionSettings",
    "PetitionState",
    "PetitionThreshold",
    "PostalCodeMode",
    "Signature",
    "SignatureState",
]
