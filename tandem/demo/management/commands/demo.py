from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tandem.accounts.models import User
from tandem.demo.organisation import build_demo_organisation


class Command(BaseCommand):
    help = "Load a believable demo organisation: org chart, two programmes, enrolments."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=7, help="Same seed, same organisation.")
        parser.add_argument("--size", type=int, default=320, help="Number of people (>= 300).")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already has accounts (used by `make run`).",
        )

    def handle(self, *args: Any, seed: int, size: int, if_empty: bool, **options: Any) -> None:
        if User.objects.exists():
            if if_empty:
                self.stdout.write("The database already has accounts; demo not loaded again.")
                return
            raise CommandError(
                "The database already has accounts. The demo is meant for an empty database; "
                "point TANDEM_DATA_DIR or DATABASE_URL at a new one."
            )
        if size < 300:
            raise CommandError("--size must be at least 300.")
        result = build_demo_organisation(seed=seed, size=size)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo organisation loaded: {result.people} people in {result.departments} "
                f"departments, {result.depth} levels deep, {len(result.programmes)} programmes."
            )
        )
