"""``{% load actions %}{% may "partnerships.record" as may_record %}``: a page's buttons ask the rule its view checks.

Each app keeps its rules in ``rules.py`` as ``may_<action>(audience, obj=None)``; the tag calls
the named one with the request's audience, so a button is shown exactly to those the view lets in.
(The library is not called ``rules``: django-rules, installed, has a template library of that name.)
"""

from importlib import import_module

from django import template

from renkei.lib.audience import ANONYMOUS

register = template.Library()


def rule(name: str):
    """The rule called ``name``: "board.post" is ``renkei.board.rules.may_post``."""
    app, _dot, action = name.partition(".")
    return getattr(import_module(f"renkei.{app}.rules"), f"may_{action}")


@register.simple_tag(takes_context=True)
def may(context, name: str, obj=None) -> bool:
    request = context.get("request")
    # A fragment drawn for every reader (no request) offers no action.
    audience = getattr(request, "audience", ANONYMOUS) if request is not None else ANONYMOUS
    return rule(name)(audience, obj)
