from django.apps import AppConfig
from django.core.signals import request_finished, request_started
from django.db.backends.signals import connection_created


class CoreConfig(AppConfig):
    name = "clarion.core"
    label = "core"

    def ready(self):
        from django.db.models.signals import post_delete, post_migrate, post_save
        from django.urls import register_converter
        from django_tasks.signals import task_finished, task_started
        from wagtail.models import Locale

        from clarion.core.csp import nonce_chooser_scripts
        from clarion.core.ids import IdConverter
        from clarion.core.locales import create_locales, forget_locales
        from clarion.core.prefetch import clear_pool
        from clarion.core.schedule import DAY, beat_while_running, register_periodic, stop_beating
        from clarion.core.siteurl import use_base_url_for_default_site
        from clarion.core.status import register_status
        from clarion.core.tasks import prune_task_results, publish_scheduled_content
        from clarion.core.taskstate import periodic_section, tasks_section
        from clarion.core.translation_editor import accept_form_posts_in_translation_editor

        register_converter(IdConverter, "id")
        post_migrate.connect(create_locales, sender=self, dispatch_uid="clarion-create-locales")
        for signal in (post_save, post_delete):
            signal.connect(forget_locales, sender=Locale, dispatch_uid=f"clarion-forget-locales-{id(signal)}")
        register_periodic(publish_scheduled_content, "CLARION_SCHEDULE_INTERVAL")
        register_periodic(prune_task_results, DAY)
        register_status("tasks", tasks_section)
        register_status("periodic", periodic_section)
        task_started.connect(beat_while_running, dispatch_uid="clarion-periodic-heartbeat-start")
        task_finished.connect(stop_beating, dispatch_uid="clarion-periodic-heartbeat-stop")

        # A process whose database came back (a new connection opened after an outage) says so once in the log.
        connection_created.connect(_database_answers, dispatch_uid="clarion-database-answers")
        request_started.connect(clear_pool, dispatch_uid="clarion-clear-chooser-pool-start")
        request_finished.connect(clear_pool, dispatch_uid="clarion-clear-chooser-pool-end")
        self._forget_pages_on_change()
        nonce_chooser_scripts()
        accept_form_posts_in_translation_editor()
        use_base_url_for_default_site()

    @staticmethod
    def _forget_pages_on_change():
        """Whatever an editor publishes, moves, deletes or restricts, and whatever the apps say changed on public
        pages (clarion.core.signals), makes the anonymous page cache start afresh."""
        from django.apps import apps
        from django.db.models.signals import post_delete, post_save
        from wagtail import signals
        from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
        from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction

        from clarion.core.pagecache import forget_pages, forget_pages_on_commit
        from clarion.core.signals import public_content_changed

        for signal in (signals.page_published, signals.page_unpublished, signals.published, signals.unpublished,
                       signals.post_page_move):
            signal.connect(forget_pages, dispatch_uid=f"clarion-forget-pages-{id(signal)}")
        post_delete.connect(forget_pages, sender=Page, dispatch_uid="clarion-forget-pages-page-deleted")
        # A page newly behind a password or login (or a document collection newly restricted) must not stay kept.
        for model in (PageViewRestriction, CollectionViewRestriction):
            for signal in (post_save, post_delete):
                signal.connect(forget_pages_on_commit, sender=model,
                               dispatch_uid=f"clarion-forget-pages-{model._meta.label}-{id(signal)}")
        public_content_changed.connect(forget_pages_on_commit, dispatch_uid="clarion-forget-pages-content")
        for model in apps.get_models():
            if issubclass(model, BaseSiteSetting | BaseGenericSetting):
                post_save.connect(forget_pages, sender=model, dispatch_uid=f"clarion-forget-pages-{model._meta.label}")


def _database_answers(sender, connection, **kwargs):
    from clarion.core import outage

    outage.database.answered()
