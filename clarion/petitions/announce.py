"""Where apps above petitions hear of a petition's milestones without petitions importing them (webhooks
announce them to other systems). Each registers in its AppConfig.ready(); each listener runs inside the
transaction that records the milestone, so it must only write rows, never wait on the network."""

_thresholds = []
_deliveries = []


def register_threshold_reached(function):
    """`function(petition_id, counts, reached_at, total)`: the petition's count first reached `counts`."""
    if function not in _thresholds:
        _thresholds.append(function)


def register_delivered(function):
    """`function(petition, steps)`: the petition's delivery was recorded for the first time."""
    if function not in _deliveries:
        _deliveries.append(function)


def threshold_reached(petition_id, counts, reached_at, total):
    for function in _thresholds:
        function(petition_id, counts, reached_at, total)


def delivered(petition, steps):
    for function in _deliveries:
        function(petition, steps)
