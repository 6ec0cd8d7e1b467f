from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "tandem.core"
    label = "core"

    def ready(self) -> None:
        from tandem.core import (
            checks,  # noqa: F401  (registers the deploy checks)
            lookups,  # noqa: F401  (registers `__any_of` on integer fields)
            receivers,  # noqa: F401  (admin actions in the audit log)
        )
        from tandem.core.translation_chain import skip_empty_fallbacks

        skip_empty_fallbacks()
