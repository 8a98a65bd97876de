"""python -m bench.refusal: the hostile import files' refusal (bench/hostile_files.py), in a
process of its own; prints JSON [[label, seconds, peak MB traced], ...]."""

import json
import sys


def main() -> int:
    import django

    django.setup()
    from bench.measure import measure_import_refusal

    json.dump(measure_import_refusal(), sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
