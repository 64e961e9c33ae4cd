"""The petition tools in the Wagtail admin: overview, signatures, export, reports, moderation, invalidation,
block/allow rules."""
