from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django_tasks import task
from wagtail.images import get_image_model
from wagtail.models import ReferenceIndex

from clarion.pages.renditions import images_shown, make_renditions


@task()
def make_renditions_of(model_label, pk):
    """Make the renditions a just-published page or module shows, before its first visitor asks for them."""
    obj = apps.get_model(model_label).objects.filter(pk=pk).first()
    if obj is not None:
        make_renditions(obj)


@task()
def make_renditions_of_image(image_pk):
    """Draw a replaced image again for every published page or module that shows it."""
    image = get_image_model().objects.filter(pk=image_pk).first()
    if image is None:
        return
    sources = ReferenceIndex.get_references_to(image).values_list("content_type", "object_id").distinct()
    for content_type, object_id in sources:
        model = ContentType.objects.get_for_id(content_type).model_class()
        shown = model.objects.filter(pk=object_id).first() if model is not None else None
        if shown is not None and getattr(shown, "live", True):
            make_renditions(shown)


def make_renditions_when_published(sender, instance, **kwargs):
    """Signal receiver: once the publishing commits, the worker makes what the published images need."""
    if images_shown(instance):
        label, pk = instance._meta.label, instance.pk
        transaction.on_commit(lambda: make_renditions_of.enqueue(label, pk))


def make_renditions_when_image_changes(sender, instance, created, update_fields=None, **kwargs):
    """Signal receiver: a new file drops the image's renditions (Wagtail's image form, in the same commit)."""
    if not created and (update_fields is None or "file" in update_fields):
        transaction.on_commit(lambda: make_renditions_of_image.enqueue(instance.pk))
