"""Where apps above petitions join in signing without petitions importing them (spread: where a signer came
from, share links, the confirmed signer's own thank-you page). Each registers in its AppConfig.ready()."""

_post_readers = []
_signer_pages = []
_thanks_contexts = []


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
