"""manage.py evaluate treated.csv --comparison pool.csv --outcome reoffended_1y [...]"""

from django.core.management.base import BaseCommand, CommandError

from resettle.core.evaluation import EvaluationError, EvaluationOptions
from resettle.evaluation import runner


class Command(BaseCommand):
    help = (
        "Did a service make a difference? Compare people who received it (treated.csv) with "
        "similar people from a comparison pool, matched on their propensity score, in the "
        "style of the Justice Data Lab. Prints what can and cannot be said; writes the full "
        "results as JSON, CSV, an HTML report and a PDF."
    )

    def add_arguments(self, parser):
        parser.add_argument("treated", help="CSV file of people who received the support")
        parser.add_argument(
            "--comparison", required=True, metavar="POOL.CSV", help="CSV file of the pool"
        )
        parser.add_argument(
            "--outcome",
            action="append",
            required=True,
            metavar="COLUMN[:TYPE]",
            help=f"an outcome column, repeatable; TYPE is one of {runner.TYPES_HELP}, or "
            "left out to be worked out from the values (0/1, counts, numbers)",
        )
        parser.add_argument(
            "--covariates",
            metavar="A,B,C",
            help="columns to match on (default: every column in both files except the "
            "outcomes and identifiers such as id or *_id)",
        )
        parser.add_argument("--ratio", type=int, default=1, help="comparisons per person (1)")
        parser.add_argument(
            "--caliper",
            type=float,
            default=0.2,
            help="widest match, in SDs of the logit of the propensity score (0.2)",
        )
        parser.add_argument(
            "--no-caliper", action="store_true", help="match however far the nearest is"
        )
        parser.add_argument(
            "--replacement",
            action="store_true",
            help="let one comparison person match several treated people (default: greedy "
            "matching without replacement)",
        )
        parser.add_argument(
            "--bootstrap",
            type=int,
            default=0,
            metavar="N",
            help="also give a bootstrap interval from N (100 or more) replicates",
        )
        parser.add_argument("--seed", type=int, default=0, help="random seed (0)")
        parser.add_argument("--json", metavar="OUT.JSON", help="write the full results as JSON")
        parser.add_argument(
            "--csv", metavar="OUT.CSV", help="write the outcomes and balance tables as CSV"
        )
        parser.add_argument("--report", metavar="OUT.HTML", help="write an HTML report")
        parser.add_argument("--pdf", metavar="OUT.PDF", help="write the report as a PDF")

    def handle(self, *args, **options):
        try:
            settings = EvaluationOptions(
                ratio=options["ratio"],
                replacement=options["replacement"],
                caliper_sd=None if options["no_caliper"] else options["caliper"],
                bootstrap=options["bootstrap"],
                seed=options["seed"],
            )
            done = runner.run(
                options["treated"],
                options["comparison"],
                options["outcome"],
                covariates=options["covariates"],
                options=settings,
                progress=runner.ProgressBar(self.stderr._out),
            )
            written = []
            for key, write in [
                ("json", runner.write_json),
                ("csv", runner.write_csv),
                ("report", runner.write_report),
                ("pdf", runner.write_pdf),
            ]:
                if options[key]:
                    write(done, options[key])
                    written.append(options[key])
        except EvaluationError as error:
            # One line saying what to fix; Django exits with status 1, and no traceback.
            raise CommandError(" ".join(str(error).split())) from None
        for line in runner.headline(done):
            self.stdout.write(line)
        if written:
            self.stdout.write("")
            self.stdout.write(f"Full results written to {', '.join(written)}.")
