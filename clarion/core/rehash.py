"""Rows hashed under an older key (clarion.core.keyed) are re-keyed under the current one while their data lasts.

Each app that keeps keyed hashes it can recompute registers once, in its AppConfig.ready():
    register("petition signatures", function)
where `function()` re-keys that app's rows and returns a dict of figures for the operator.
`manage.py rehash_personal_data` runs them all; after it, the old key can leave CLARION_HASH_KEYS once the
figures say nothing still needs it.
"""

_rehashers = {}


def register(name, function):
    _rehashers[name] = function


def rehashers():
    return dict(_rehashers)
