"""The demo's action alert: a draft "Dear Friend" mailing, the segment it goes to, and supporters in it."""

from clarion.alerts.models import Mailing, Segment
from clarion.demo.content import dated
from clarion.supporters import actions as supporters

CAMPAIGN_TAG = "tamsin-valley"
NOTICE = "Yes, send me news of the Tamsin Valley Appeal and other urgent actions. I can unsubscribe at any time."
SUPPORTERS = [
    ("Miriam Rezaei", "miriam.rezaei@example.org", "DE", "en"),
    ("Jane Okafor", "jane.okafor@example.org", "GB", "en"),
    ("Amir Karimi", "amir.karimi@example.org", "SE", "fa"),
    ("Leyla Aziz", "leyla.aziz@example.org", "NL", "en"),
    ("Tomás Ruiz", "tomas.ruiz@example.org", "ES", "es"),
    ("Nasrin", "nasrin@example.org", "FR", "fa"),
]
# A draft written to go out four days before the decision; its dates are filled in when the demo loads.
SUBJECT = "{{ first_name|default:\"Friend\" }}, four days to stop the Tamsin Valley returns"
PREHEADER = "Sign before {decision} and ask three friends to do the same."
# One line per paragraph (the backslashes only wrap the code): a line break in a body is kept in the mail.
BODY = """Dear {{ first_name|default:"Friend" }},

On {decision} Oren Vale decides whether the return order for Tamsin Valley camp takes effect. Four \
thousand people, many of them children, would be sent back to the country they fled. He can still cancel it.

Please sign the petition now. It takes a minute:
{{ petition_link }}

Then pass it on: forward this e-mail or send the link to three friends. Every signature is delivered to \
the ministry before the deadline.

Thank you for standing with the families of Tamsin Valley.

The Tamsin Valley Appeal"""


def build_demo_alerts(petition, decided_on):
    """Opted-in supporters of the campaign, the segment of those who have not signed yet, and the draft."""
    for name, email, country, language in SUPPORTERS:
        supporter = supporters.record_supporter(email, name=name, country=country, language=language,
                                                source="demo")
        supporters.opt_in(supporter, channel="signup", notice_text=NOTICE, source="demo")
        supporters.set_tags(supporter, [CAMPAIGN_TAG])
    segment = Segment.objects.create(name="Supporters of the demo campaign", tag=CAMPAIGN_TAG,
                                     not_signed_petition=petition)
    return Mailing.objects.create(subject=SUBJECT, preheader=dated(PREHEADER, decided_on),
                                  body=dated(BODY, decided_on), petition=petition,
                                  segment=segment)
