"""``eenloket directory <action>``: maintain the directory from the command line.

load-reference              load the shipped reference content (idempotent)
reference-report            how many reference facts were confirmed on an official page, per file
import FILE                 import HSDS JSON or CSV; checks the whole file first
export FILE [--format json|csv] [--include-direct-lines]
reindex                     rebuild the search index
search TEXT                 try a search (as a worker would see it)
"""

from django.core.management.base import BaseCommand, CommandError

from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.directory import hsds, reference, selectors, services
from eenloket.directory.search import Filters


class Command(BaseCommand):
    help = (
        "Maintain the directory: load-reference, reference-report, import, export, reindex, search."
    )

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="action")
        actions.add_parser("load-reference", help="load the shipped reference content")
        actions.add_parser(
            "reference-report",
            help="count the reference facts confirmed on an official page; list the others",
        )
        importer = actions.add_parser("import", help="import an HSDS JSON or CSV file")
        importer.add_argument("file")
        importer.add_argument("--format", choices=["json", "csv"], default=None)
        exporter = actions.add_parser("export", help="export the directory as HSDS JSON or CSV")
        exporter.add_argument("file")
        exporter.add_argument("--format", choices=["json", "csv"], default=None)
        exporter.add_argument(
            "--include-direct-lines",
            action="store_true",
            help="also export the professional direct lines (never for a public export)",
        )
        actions.add_parser("reindex", help="rebuild the search index")
        searcher = actions.add_parser("search", help="try a search")
        searcher.add_argument("text")

    def handle(self, *args, action, **options):
        actor = Actor.system(f"command:directory {action}")
        try:
            if action == "load-reference":
                summary = reference.load(actor=actor)
                counts = ", ".join(f"{n} {what}" for what, n in summary.counts.items())
                self.stdout.write(f"Reference content loaded: {counts}.")
                self.stdout.write(f"{summary.changes} field changes recorded.")
            elif action == "reference-report":
                self._reference_report()
            elif action == "import":
                result = hsds.import_file(options["file"], format=_format(options), actor=actor)
                self.stdout.write(result.describe())
            elif action == "export":
                count = hsds.export_file(
                    options["file"],
                    format=_format(options),
                    include_direct_lines=options["include_direct_lines"],
                )
                self.stdout.write(f"Exported {count} records to {options['file']}.")
            elif action == "reindex":
                count = services.search_reindex(actor=actor)
                self.stdout.write(f"Search index rebuilt: {count} documents.")
            elif action == "search":
                results = selectors.search(actor=actor, text=options["text"], filters=Filters())
                for hit in results.hits:
                    doc = hit.document
                    self.stdout.write(
                        f"{hit.score:6.2f}  {doc.kind:<13} {doc.title} ({doc.organisation_name})"
                    )
        except hsds.ImportRefused as refused:
            raise CommandError(refused.report()) from None
        except DomainError as error:
            raise CommandError(str(error.message)) from None
        except OSError as error:
            raise CommandError(f"Cannot read or write {error.filename}: {error.strerror}") from None

    def _reference_report(self) -> None:
        report = reference.confirmation_report(list(reference.all_facts()))
        for name, counts in report.items():
            self.stdout.write(
                f"{name}.json: {counts.confirmed} of {counts.total} facts confirmed, "
                f"{len(counts.unconfirmed)} not"
            )
        confirmed = sum(counts.confirmed for counts in report.values())
        total = sum(counts.total for counts in report.values())
        self.stdout.write(f"All files: {confirmed} of {total} facts confirmed.")
        for name, counts in report.items():
            if not counts.unconfirmed:
                continue
            self.stdout.write("")
            self.stdout.write(f"Not confirmed in {name}.json (source to check first):")
            for where, fact in counts.unconfirmed:
                self.stdout.write(f"  {where}: {fact['source_url']}")
                if fact.get("corroborated_by"):
                    self.stdout.write(f"      not official, but says so: {fact['corroborated_by']}")


def _format(options) -> str:
    if options.get("format"):
        return options["format"]
    return "csv" if str(options["file"]).lower().endswith(".csv") else "json"
