#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clarion.settings")
    from django.core.management import execute_from_command_line

    from clarion.config import BadEnvironment

    try:
        execute_from_command_line(sys.argv)
    except BadEnvironment as problem:
        # An operator's typo, not a bug: the message alone says which variable and what it needs.
        sys.exit(f"Clarion cannot start: {problem}")
