from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = "Schools and programs"

    def ready(self):
        from . import finder_rows

        finder_rows.connect()
