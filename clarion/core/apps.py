from django.apps import AppConfig
from django.core.signals import request_finished, request_started


class CoreConfig(AppConfig):
    name = "clarion.core"
    label = "core"

    def ready(self):
        from clarion.core.prefetch import clear_pool

        request_started.connect(clear_pool, dispatch_uid="clarion-clear-chooser-pool-start")
        request_finished.connect(clear_pool, dispatch_uid="clarion-clear-chooser-pool-end")
