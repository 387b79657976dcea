"""The ``eenloket`` command: Django's manage.py under the project's own name."""

import os
import sys


def main() -> None:
    if sys.argv[1:2] == ["generate_field_key"]:
        # Works before any configuration exists: production cannot start without a key.
        from cryptography.fernet import Fernet

        print(Fernet.generate_key().decode())
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eenloket.settings")
    from eenloket.core.config import ConfigurationError

    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(sys.argv)
    except ConfigurationError as error:
        print(error, file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
