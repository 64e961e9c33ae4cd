"""The petition tools in the Wagtail admin: overview, signatures, export, reports, moderation, invalidation.

Django's admin autodiscovery imports this package; it registers nothing with Django's admin on purpose.
"""
