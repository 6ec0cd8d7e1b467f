"""Static files storage that keeps pages working before `tandem collectstatic` has run."""

from __future__ import annotations

from typing import Any

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Hashed names from the manifest; the plain name while there is no manifest yet.

    Without a manifest, Django's storage raises on every `{% static %}`, so every page would be
    a 500. The plain name is served by WhiteNoise from the package instead (settings turn on its
    finders until the manifest exists).
    """

    def stored_name(self, name: Any) -> str:
        if not self.hashed_files:
            return str(name)
        return super().stored_name(name)
