from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from programs import imports
from programs.models import Program


class Command(BaseCommand):
    help = (
        "Export every program with its school, admission rules and courses in the columns "
        "import_programs reads (docs/data.md): CSV to standard output unless --output is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=sorted(imports.FORMATS), default="csv")
        parser.add_argument(
            "--output", "-o", help="write to this file (CSV files start with a UTF-8 BOM)"
        )

    def handle(self, *args, format, output, **options):
        if format == "xlsx" and not output:
            raise CommandError("XLSX is a binary file: give --output FILE.xlsx.")
        programs = Program.objects.all()
        data = imports.export(programs, format, bom=bool(output))
        if output is None:
            self.stdout.write(data.decode("utf-8"), ending="")
            return
        try:
            Path(output).write_bytes(data)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from None
        self.stderr.write(f"Wrote {programs.count()} programs to {output}.")
