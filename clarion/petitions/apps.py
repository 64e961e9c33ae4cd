from django.apps import AppConfig


class PetitionsConfig(AppConfig):
    name = "clarion.petitions"
    label = "petitions"
    verbose_name = "Petitions"
