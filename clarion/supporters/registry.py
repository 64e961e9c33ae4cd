"""What other apps hold about a supporter, so an export shows it all and an erasure removes it all.

An app registers once, e.g. in its AppConfig.ready():
    register_export("deliveries", lambda supporter: [...JSON-able rows...])
    register_erasure(lambda supporter: ...delete or blank its rows...)
"""

_exports = {}
_erasers = []


def register_export(section, function):
    """`function(supporter)` returns JSON-able data, shown under `section` in the supporter's export."""
    _exports[section] = function


def register_erasure(function):
    """`function(supporter)` removes what its app holds on the supporter; called inside the erasure's transaction."""
    if function not in _erasers:
        _erasers.append(function)


def exporters():
    return dict(_exports)


def erasers():
    return list(_erasers)
