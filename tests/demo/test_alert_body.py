"""The demo alert reads well on a phone: a line break in a body is kept in the mail, so its paragraphs are one
line each (a link may stand on its own line)."""

from clarion.demo.alerts import BODY


def test_the_demo_alerts_paragraphs_are_not_broken_mid_sentence():
    for paragraph in BODY.split("\n\n"):
        lines = paragraph.splitlines()
        prose = [line for line in lines if not line.startswith("{{")]
        assert len(prose) == 1, paragraph
