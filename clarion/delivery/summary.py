"""The summary PDF: cover letter, demand, verified and paper figures, tables, chart, comments, transparency."""

import segno
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from clarion.delivery import figures
from clarion.delivery.chart import signatures_svg
from clarion.delivery.head import printed_head, verify_url
from clarion.delivery.pdf import write_pdf


def summary_context(pack):
    petition = pack.petition
    url = verify_url(petition)
    return {
        "pack": pack, "petition": petition,
        "verified": pack.verified, "paper": pack.paper, "names": pack.names,
        "countries": figures.by_country(petition),
        "postal_areas": figures.by_postal_area(petition),
        "chart": mark_safe(signatures_svg(figures.by_day(petition), _("Verified signatures over time"))),
        "comments": figures.approved_comments(petition),
        "tree_head": printed_head(petition),
        "verify_url": url,
        "verify_qr": mark_safe(segno.make(url, error="m").svg_inline(scale=3, omitsize=False)),
    }


def summary_html(pack):
    with translation.override(pack.petition.locale.language_code if pack.petition.locale_id else None):
        return render_to_string("delivery/summary.html", summary_context(pack))


def write_summary(pack, path):
    write_pdf(summary_html(pack), path)
