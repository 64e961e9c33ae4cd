from django.apps import apps
from django.db import transaction
from django_tasks import task

from clarion.pages.renditions import images_shown, make_renditions


@task()
def make_renditions_of(model_label, pk):
    """Make the renditions a just-published page or module shows, before its first visitor asks for them."""
    obj = apps.get_model(model_label).objects.filter(pk=pk).first()
    if obj is not None:
        make_renditions(obj)


def make_renditions_when_published(sender, instance, **kwargs):
    """Signal receiver: once the publishing commits, the worker makes what the published images need."""
    if images_shown(instance):
        label, pk = instance._meta.label, instance.pk
        transaction.on_commit(lambda: make_renditions_of.enqueue(label, pk))
