from wagtail.snippets.models import register_snippet

from clarion.layout.admin.viewsets import ModuleViewSet

register_snippet(ModuleViewSet)
