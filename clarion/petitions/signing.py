"""Where apps above petitions join in signing without petitions importing them (spread: where a signer came
from, share links, the confirmed signer's own thank-you page). Each registers in its AppConfig.ready()."""

_post_readers = []
_signer_pages = []
_thanks_contexts = []
_confirmed = []
_count_changes = []
_mail_contexts = []


def _add(registry, function):
    if function not in registry:
        registry.append(function)


def register_post_reader(function):
    """`function(post)` returns extra keyword arguments for actions.sign_petition read from the signing post."""
    _add(_post_readers, function)


def register_signer_page(function):
    """`function(signature)` returns the path of a confirmed signer's own thank-you page, or None."""
    _add(_signer_pages, function)


def register_thanks_context(function):
    """`function(petition)` returns extra context for the thank-you page that names no signer."""
    _add(_thanks_contexts, function)


def register_confirmed(function):
    """`function(signature)` runs inside the transaction that confirms `signature`."""
    _add(_confirmed, function)


def register_count_change(function):
    """`function(petition_id, started, stopped)` runs inside the counting round's transaction with the ids of
    the signatures that start and stop counting in it, in the order the round counts them, before their
`counted` flags change."""
    _add(_count_changes, function)


def register_mail_context(function):
    """`function(signature)` returns extra context for a confirmed signer's thank-you mail."""
    _add(_mail_contexts, function)


def confirmed(signature):
    for function in _confirmed:
        function(signature)


def count_changed(petition_id, started, stopped):
    for function in _count_changes:
        function(petition_id, started, stopped)


def mail_context(signature):
    context = {}
    for extend in _mail_contexts:
        context.update(extend(signature))
    return context


def sign_kwargs(post):
    kwargs = {}
    for read in _post_readers:
        kwargs.update(read(post))
    return kwargs


def signer_page(signature):
    return next(filter(None, (page(signature) for page in _signer_pages)), None)


def thanks_context(petition):
    context = {}
    for extend in _thanks_contexts:
        context.update(extend(petition))
    return context
