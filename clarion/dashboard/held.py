"""Signatures held for review, counted per petition: the one place the morning screen asks.

Until petitions has a state of its own for held signatures, a held signature is one its signer confirmed that
the fraud checks marked: confirmed, never counted, waiting for an editor.
"""

from django.db.models import Count

from clarion.petitions.models import Signature, SignatureState


def held_counts(petition_ids):
    """{petition_id: signatures held for review}; COUNT(*) lets PostgreSQL answer from the (petition, state,
    confirmed_at) index alone, where COUNT(id) would visit every held row."""
    rows = (Signature.objects.filter(petition_id__in=petition_ids, state=SignatureState.FRAUDULENT,
                                     confirmed_at__isnull=False)
            .values_list("petition_id").annotate(n=Count("*")).order_by())
    return dict(rows)
