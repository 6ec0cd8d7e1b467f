from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from tandem.demo.organisation import demo_sign_ins


class Command(BaseCommand):
    help = "Print the demo accounts to sign in with."

    def handle(self, *args: Any, **options: Any) -> None:
        sign_ins = demo_sign_ins()
        site = settings.SITE_URL
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Tandem is starting on {site}"))
        self.stdout.write(f"Demo sign-ins (password: {settings.TANDEM_DEMO_PASSWORD}):")
        for role, email in sign_ins.items():
            self.stdout.write(f"  {role:<12} {email}")
        self.stdout.write("")
