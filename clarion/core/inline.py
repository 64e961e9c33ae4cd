"""The few scripts a page carries inline, and their hashes for the Content-Security-Policy (script-src).

Public pages are kept and served to many visitors (clarion.core.pagecache), so they cannot carry a
per-request nonce: a kept page would hand every visitor the same "secret". A hash names the exact script
instead, whoever receives the page. Write each inline script here and print it with `{% inline_script %}`,
so the page and the policy cannot drift apart. Standard library only: settings import it.
"""

import base64
import hashlib

SCRIPTS = {
    # Before the first paint: styles for "JavaScript is on" apply at once, without a flash of the no-JS look.
    "js-class": 'document.documentElement.classList.replace("no-js", "js");',
}


def source_hash(source):
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode()).digest()).decode() + "'"


SCRIPT_HASHES = [source_hash(source) for source in SCRIPTS.values()]
