from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = "Schools and programs"

    def ready(self):
        from core import pagecache

        from . import finder_rows
        from .models import AdmissionRule, Course, Field, Program, School

        # Finder rows follow each saved program, school and rule (and bump the page cache).
        finder_rows.connect()
        # Every school, program, rule, course and field may be on a public page; deletes
        # included.
        for model in (School, Program, AdmissionRule, Course, Field):
            pagecache.watch(model)
