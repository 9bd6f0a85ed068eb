"""Validates an OSCAL document twice, independently of Ziping: with compliance-trestle, an OSCAL
implementation, and with NIST's OSCAL 1.1.2 JSON schema.

Usage: validate.py catalog|assessment-results FILE

Loads FILE into trestle's OSCAL 1.1 models (pydantic; unknown fields, wrong types, missing
required fields, values outside the allowed ones and outside the patterns are errors), then
checks it against schemas/oscal_<model>_schema.json (JSON Schema draft 7, with formats; the
schema's patterns use Unicode classes such as \p{L}, so `pattern` is matched with the `regex`
module). Prints what was checked and exits 0 when both accept it; prints the errors (at most 40
lines) and exits 1 when either does not; exits 2 on wrong arguments.
"""

import json
import pathlib
import sys

SCHEMAS = pathlib.Path(__file__).resolve().parent / "schemas"


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

    schema_path = SCHEMAS / f"oscal_{model}_schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    errors = sorted(schema_validator(schema).iter_errors(json.loads(path.read_text(encoding="utf-8"))),
                    key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        lines = [f"/{'/'.join(map(str, e.absolute_path))}: {e.message[:300]}" for e in errors]
        more = f"\n… {len(lines) - 40} more errors" if len(lines) > 40 else ""
        print(f"{path}: rejected by {schema['$id']}:\n" + "\n".join(lines[:40]) + more,
              file=sys.stderr)
        return 1
    print(f"{path}: valid against {schema['$id']}")
    return 0


def schema_validator(schema):
    """A draft 7 validator that checks formats and matches `pattern` with `regex`."""
    import jsonschema
    import regex

    def pattern(validator, expected, instance, _schema):
        if validator.is_type(instance, "string") and not regex.search(expected, instance):
            yield jsonschema.ValidationError(f"{instance!r} does not match {expected!r}")

    Validator = jsonschema.validators.extend(jsonschema.Draft7Validator, {"pattern": pattern})
    return Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
