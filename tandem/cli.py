"""The `tandem` console script: Django's manage.py, plus commands with friendlier names.

`tandem import-people` runs the `import_people` management command; `tandem match-file`
runs the matching engine on a file without loading Django or touching a database.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] == "match-file":
        from tandem.matching.engine.cli import main as match_file

        sys.exit(match_file(argv[2:]))
    if len(argv) > 1 and "-" in argv[1] and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tandem.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
