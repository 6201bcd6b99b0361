from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = "Schools and programs"

    def ready(self):
        from . import cache_tags, finder_rows

        # Finder rows follow each saved program, school and rule (and drop the cached pages
        # that show them).
        finder_rows.connect()
        # Every school, program, rule, course and field may be on a public page; deletes
        # included.
        cache_tags.connect()
