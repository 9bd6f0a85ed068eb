"""Validates an OSCAL document with compliance-trestle, an independent OSCAL implementation.

Usage: validate.py catalog|assessment-results FILE

Loads FILE into trestle's OSCAL 1.1 models (pydantic; unknown fields, wrong types, missing
required fields, values outside the allowed ones and outside the patterns are errors). Prints
what was checked and exits 0 when valid; prints the errors (at most 40 lines) and exits 1 when
not; exits 2 on wrong arguments.
"""

import pathlib
import sys


def main(argv):
    if len(argv) != 2 or argv[0] not in ("catalog", "assessment-results"):
        print(__doc__, file=sys.stderr)
        return 2
    model, path = argv[0], pathlib.Path(argv[1])
    if not path.is_file():
        print(f"{path}: no such file", file=sys.stderr)
        return 2

    from trestle.oscal import OSCAL_VERSION

    if model == "catalog":
        from trestle.oscal.catalog import Catalog as Model
    else:
        from trestle.oscal.assessment_results import AssessmentResults as Model
    try:
        document = Model.oscal_read(path)
    except Exception as error:  # trestle wraps pydantic's ValidationError in TrestleError
        lines = str(error).splitlines()
        more = f"\n… {len(lines) - 40} more lines" if len(lines) > 40 else ""
        print(f"{path}: rejected by trestle's {model} model: " + "\n".join(lines[:40]) + more,
              file=sys.stderr)
        return 1
    if document is None:
        print(f"{path}: trestle read nothing", file=sys.stderr)
        return 1
    print(f"{path}: a valid {model} for trestle (OSCAL {OSCAL_VERSION} models), uuid {document.uuid}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
