"""Where apps above supporters hear of opt-ins and opt-outs without supporters importing them (webhooks tell a
CRM). Each registers in its AppConfig.ready(); a listener runs inside the consent's transaction and only writes."""

_subscription_changes = []


def register_subscription_change(function):
    """`function(supporter, *, subscribed, channel)`: the supporter opted in (and was not subscribed before) or
    opted out (and was subscribed before)."""
    if function not in _subscription_changes:
        _subscription_changes.append(function)


def subscription_changed(supporter, *, subscribed, channel):
    for function in _subscription_changes:
        function(supporter, subscribed=subscribed, channel=channel)
