"""Merge fields: Django template syntax limited to a known set of fields and filters, checked on save."""

from django.core.exceptions import ValidationError
from django.template import Context, Engine, TemplateSyntaxError
from django.template.base import FilterExpression, TextNode, Variable, VariableNode
from django.utils.translation import gettext as _

FIELDS = {
    "first_name": "Miriam",
    "name": "Miriam Rezaei",
    "email": "miriam@example.org",
    "country": "Germany",
    "petition_title": "Let the Tamsin Valley families stay",
    "petition_link": "https://example.org/petition/?ref=2b3c4d5f6g&src=alert",
    "preferences_url": "https://example.org/supporters/preferences/…/",
    "unsubscribe_url": "https://example.org/supporters/unsubscribe/…/",
}
FILTERS = {"default", "upper", "lower", "title", "capfirst"}

# Text in, text out: the HTML part is made from the rendered text, escaped there, so nothing is escaped here.
ENGINE = Engine(builtins=["django.template.defaultfilters"], libraries={}, autoescape=False, debug=False)


def _check_variable(variable, problems):
    if not isinstance(variable, Variable) or variable.literal is not None:
        return
    if variable.var not in FIELDS or variable.lookups is None or len(variable.lookups) != 1:
        problems.append(_("unknown merge field “%(field)s”") % {"field": variable.var})


def _check_expression(expression: FilterExpression, problems):
    _check_variable(expression.var, problems)
    for function, arguments in expression.filters:
        name = getattr(function, "_filter_name", function.__name__)
        if name not in FILTERS:
            problems.append(_("filter “%(filter)s” is not allowed") % {"filter": name})
        for is_lookup, argument in arguments:
            if is_lookup:
                _check_variable(argument, problems)


def _problems(nodelist):
    problems = []
    for node in nodelist:
        if isinstance(node, VariableNode):
            _check_expression(node.filter_expression, problems)
        elif not isinstance(node, TextNode):
            tag = (node.token.contents.split() or ["?"])[0] if getattr(node, "token", None) else type(node).__name__
            problems.append(_("tag “{%% %(tag)s %%}” is not allowed") % {"tag": tag})
    return problems


def compile_merge_template(text):
    """A compiled template; raises ValidationError naming every unknown field, tag or filter."""
    try:
        template = ENGINE.from_string(text)
    except TemplateSyntaxError as error:
        reason = str(error).split("\n")[0].rstrip(" :.")
        raise ValidationError(_("Merge fields could not be read: %(error)s.") % {"error": reason}) from error
    problems = _problems(template.nodelist)
    if problems:
        allowed = ", ".join(sorted(FIELDS))
        raise ValidationError(
            _("Refused: %(problems)s. Merge fields you can use: %(allowed)s; filters: %(filters)s.")
            % {"problems": "; ".join(dict.fromkeys(problems)), "allowed": allowed,
               "filters": ", ".join(sorted(FILTERS))})
    return template


def validate_merge_template(text):
    compile_merge_template(text or "")


def render(template, fields):
    return template.render(Context(fields, autoescape=False))
