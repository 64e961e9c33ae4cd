"""The demo campaign's words. Everyone and everything named here is fictional."""

from datetime import timedelta

# The Director decides this many days after the demo is loaded; every date in the copy is that day.
DAYS_TO_DECISION = 14


def decision_day(today):
    return today + timedelta(days=DAYS_TO_DECISION)


def dated(text, day):
    """The copy with its {decision} placeholder filled in ("12 December"); other braces are left alone."""
    return text.replace("{decision}", f"{day.day} {day:%B}")


LANGUAGE = "en"
SITE_NAME = "Tamsin Valley Appeal"
# Printed at the foot of every mail; as fictional as everyone in the demo.
POSTAL_ADDRESS = "12 Harbour Lane\nPort Ellis PE1 2AB"

HOME_INTRO = (
    "Four thousand people who fled the war in the north live in Tamsin Valley camp. "
    "On {decision} a single official decides whether they are sent back. Help us stop it."
)

SLIDESHOW_LABEL = "Tamsin Valley camp in pictures"

SLIDES = [
    ("Tents of Tamsin Valley camp at dawn", "Dawn over Tamsin Valley camp, home to 4,000 people."),
    ("Families waiting beside tents at noon", "Families wait for news of the decision."),
    ("The camp at dusk under a red sky", "Every evening the camp committee meets to plan."),
    ("The camp at night", "At night volunteers keep watch for eviction trucks."),
    ("A grey morning over the hills", "Winter is coming; the hills are already cold."),
    ("Children walking between tents", "More than half the camp are children."),
    ("Tents along the dry river bed", "The only water is carried in from the town."),
    ("A crowd gathering in the camp", "Residents gathered to sign the letter to the Director."),
    ("The camp seen from the hill road", "From the hill road you can see the whole camp."),
    ("Tents being repaired after a storm", "After the October storm, neighbours rebuilt together."),
    ("Sunrise over the valley", "Thank you for standing with Tamsin Valley."),
]

APPEAL_TITLE = "Stop the forced return of the Tamsin Valley families"
APPEAL_LEAD = (
    "Director Oren Vale of the fictional Northern Returns Office will decide on {decision} whether "
    "4,000 refugees are sent back to the region they fled. They need your voice now."
)
APPEAL_PARAGRAPHS = [
    "<p>Dear Friend,</p>",
    "<p>Tamsin Valley camp has sheltered families from the northern war for three years. Last month the "
    "Northern Returns Office announced that the camp will be \u201creorganised\u201d. The families know "
    "what that word means: buses to the border, and nobody to protect them on the other side.</p>",
    "<p>Director Oren Vale alone signs the order. He has said he will listen to \u201cthe public mood\u201d. "
    "Let us show him what the public thinks.</p>",
]
APPEAL_QUOTE = ("We did not come here to stay forever. We came here to stay alive.",
                "Miriam, camp committee member")
APPEAL_CLOSING = (
    "<p>Please watch the short film the camp committee made, read the latest report, and add your name. "
    "Then invite your friends, family and colleagues to sign as well.</p>"
)
VIDEO_TITLE = "Voices from Tamsin Valley (4 minutes)"
VIDEO_URL = "https://www.youtube.com/watch?v=Cl4r10nDemo"
VIDEO_CAPTION = "Filmed by the camp committee."
NEWS_LINK_LABEL = "Read the latest news report"

NEWS_INDEX_TITLE = "News"
NEWS_INDEX_INTRO = "What is happening in and around the camp."

NEWS_TITLE = "Camp committee delivers 2,000 letters to the Returns Office"
NEWS_SUMMARY = "Residents walked twelve kilometres to hand over their letters in person."
NEWS_BODY = (
    "<p>On Monday morning forty members of the camp committee walked to the Returns Office in the town "
    "of Harl and handed over 2,000 handwritten letters. A clerk accepted them; the Director did not come "
    "out.</p>"
)
REPORT_TITLE = "Inside Tamsin Valley: a camp waiting for a signature"
REPORT_SOURCE = "The Harl Courier (fictional)"
REPORT_URL = "https://news.example.org/tamsin-valley-report"
REPORT_SUMMARY = "A reporter spent a week in the camp as the deadline approached."

ABOUT_TITLE = "About us"
ABOUT_INTRO = "We are a small group of volunteers, former residents and friends of Tamsin Valley camp."
ABOUT_BODY = (
    "<p>This is a demonstration site for Clarion. The camp, the people and the officials are invented; "
    "the shape of the campaign is real.</p>"
)
PRIVACY_BODY = (
    "<p>This site sets no tracking cookies and loads nothing from other companies until you ask it to "
    "(for example by pressing play on a video).</p>"
)
PRIVACY_TITLE = "Privacy"
CONTACT_TITLE = "Contact"
CONTACT_BODY = "<p>Write to us at campaigns@example.org. We answer within two days.</p>"

SIDEBAR_TITLE = "Act now"
OFFCANVAS_TITLE = "Spread the word"
OFFCANVAS_TEXT = (
    "<p>The decision is due on {decision}. Share the appeal with three people today: that is how a few "
    "hundred voices become thousands.</p>"
)
SIDEBAR_TEXT = "<p>The decision is due on <b>{decision}</b>. Every name counts.</p>"
READ_THE_APPEAL = "Read the appeal"
CTA_NOTE = "Before {decision}."
SIGN_THE_PETITION = "Sign the petition"
SIGN_NOTE = "It takes a minute."
FOOTER_TITLE = "About this campaign"
FOOTER_TEXT = (
    "<p>Tamsin Valley Appeal is run by volunteers. Demonstration content; all names are fictional.</p>"
)

PETITION_TITLE = "Let the Tamsin Valley families stay"
PETITION_DEMAND = "Cancel the return order for Tamsin Valley camp and let its 4,000 residents stay safely."
PETITION_TARGET = "Oren Vale"
PETITION_TARGET_TITLE = "Director of the Northern Returns Office (fictional)"
PETITION_BACKGROUND = (
    "<p>The Northern Returns Office plans to move everyone in Tamsin Valley camp back across the border "
    "this winter. The region they fled is still at war. Director Vale can cancel the order with one "
    "signature of his own.</p>"
)
PETITION_THRESHOLDS = [
    (1000, "1,000 signatures: the camp committee will hand our names to the Returns Office."),
    (5000, "5,000 signatures: the regional assembly has promised to debate the order."),
]

SIGNUP_TITLE = "Stay informed"
SIGNUP_BUTTON = "Subscribe"
SIGNUP_INTRO = "When the decision comes, or the next appeal starts, we will write. Rarely, and never to sell."
SIGNUP_NOTICE = (
    "Yes, e-mail me about the Tamsin Valley Appeal and related campaigns. I can unsubscribe at any time "
    "with one click, and my address is never shared."
)
