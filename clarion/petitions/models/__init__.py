# The page model comes last: it shows itself through clarion.petitions.display, which reads the models above it.
from clarion.petitions.models.choices import PetitionState, PostalCodeMode
from clarion.petitions.models.rules import AccessRule, PetitionSettings
from clarion.petitions.models.signature import (
    CommentState,
    CountryCount,
    Invalidation,
    PetitionCount,
    Signature,
    SignatureState,
)
from clarion.petitions.models.steps import Outcome, PetitionSteps, ThresholdReached

# isort: split
from clarion.petitions.models.partners import PetitionPartner
from clarion.petitions.models.petition import PetitionPage, PetitionThreshold

__all__ = [
    "AccessRule",
    "CommentState",
    "CountryCount",
    "Outcome",
    "Invalidation",
    "PetitionCount",
    "PetitionPage",
    "PetitionPartner",
    "PetitionSettings",
    "PetitionState",
    "PetitionSteps",
    "PetitionThreshold",
    "PostalCodeMode",
    "Signature",
    "SignatureState",
    "ThresholdReached",
]
