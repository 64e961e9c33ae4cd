"""What the apps hold about a supporter, so an export shows it all, an erasure removes it all, and the retention
rule keeps whom an app still needs. Core owns the registry; each app fills it, e.g. in its AppConfig.ready():
    register_export("deliveries", lambda supporter: [...JSON-able rows...])
    register_erasure(lambda supporter: ...delete or blank its rows...)
    register_hold(lambda supporters, cutoff, now: supporters.exclude(...still needed...))
    register_finder("signatures", lambda supporter: ...a queryset of its records on them...)
"""

_exports = {}
_erasers = []
_last_erasers = []
_holds = []
_finders = {}


def register_export(section, function):
    """`function(supporter)` returns JSON-able data, shown under `section` in the supporter's export."""
    _exports[section] = function


def register_erasure(function, *, last=False):
    """`function(supporter)` removes what its app holds on the supporter; called inside the erasure's transaction.
    `last`: after every other app's, which may still need to find the rows it erases (signatures show every
    spelling of the address mail went to)."""
    for erasers in (_erasers, _last_erasers):
        if function in erasers:
            erasers.remove(function)
    (_last_erasers if last else _erasers).append(function)


def register_hold(function):
    """`function(supporters, cutoff, now)` narrows a queryset of supporters due for erasure to those its app no
    longer needs (activity since `cutoff`, a campaign still running at `now`)."""
    if function not in _holds:
        _holds.append(function)


def register_finder(kind, function):
    """`function(supporter)` returns a queryset of the app's `kind` of records on the supporter (e.g. "signatures"),
    for pages that show them beside the supporter."""
    _finders[kind] = function


def find(kind, supporter):
    return _finders[kind](supporter)


def plain(value):
    """A field's value as JSON holds it: dates in ISO form, a country as its code."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if value.__class__.__name__ == "Country":
        return value.code or ""
    return value


def exporters():
    return dict(_exports)


def erasers():
    return [*_erasers, *_last_erasers]


def holds():
    return list(_holds)
