"""The names given to the target, as one CSV and PDF volumes of at most VOLUME_SIZE names, written in batches
so memory stays flat whatever the number of signers."""

import csv
from itertools import islice

from django.template.loader import render_to_string

from clarion.delivery.figures import names_for_target
from clarion.delivery.pdf import write_pdf
from clarion.petitions.exports import neutralise

VOLUME_SIZE = 10_000
# Names run on as text in paragraphs of this many: WeasyPrint lays out a box per paragraph and re-reads the rest
# of a paragraph at every line, so one box per name (or one paragraph for all) is several times slower.
NAMES_PER_PARAGRAPH = 40
BATCH = 2_000
CSV_COLUMNS = ("name", "country", "postal_code", "confirmed_at")


def _rows(petition):
    """(name, country, postal code, confirmed at) in signing order, read from the database in batches."""
    return (names_for_target(petition).order_by("pk")
            .values_list("name", "country", "postal_code", "confirmed_at").iterator(chunk_size=BATCH))


def write_csv(petition, path, progress):
    """Each cell spreadsheet-safe (see petitions.exports.neutralise); `progress(n)` after every batch."""
    written = 0
    with open(path, "w", newline="", encoding="utf-8-sig") as out:
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        rows = _rows(petition)
        while batch := list(islice(rows, BATCH)):
            writer.writerows([neutralise(name), country, neutralise(postal), when.date().isoformat() if when else ""]
                             for name, country, postal, when in batch)
            written += len(batch)
            progress(len(batch))
    return written


def volume_name(number):
    return f"names-{number:03d}.pdf"


def write_volumes(pack, directory, progress):
    """One PDF per VOLUME_SIZE names; returns the file names. Only one volume's names are held at a time."""
    petition, names, rows = pack.petition, [], _rows(pack.petition)
    while volume := list(islice(rows, VOLUME_SIZE)):
        number = len(names) + 1
        html = render_to_string("delivery/names_volume.html", {
            "petition": petition, "number": number, "first": (number - 1) * VOLUME_SIZE + 1,
            "paragraphs": [[(name, country, postal) for name, country, postal, _ in volume[i:i + NAMES_PER_PARAGRAPH]]
                           for i in range(0, len(volume), NAMES_PER_PARAGRAPH)],
        })
        names.append(volume_name(number))
        write_pdf(html, directory / names[-1])
        progress(len(volume))
    return names
