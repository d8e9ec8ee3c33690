"""Request value types as strict as the OpenAPI document says.

Pydantic's lax mode takes more than the JSON Schema it publishes: ``false`` or ``"1.5"`` for a
number, ``"yes"`` for a boolean, ``0.5`` (a Unix time) for a date-time. A client reading the
document would not send those; a service that accepts them makes typos succeed silently.
Integers stay lax about ``2.0`` (JSON Schema counts it as an integer, and so does pydantic).
"""

import re
from typing import Annotated

from pydantic import AwareDatetime, BeforeValidator, Strict

# Ints and floats only (JSON numbers), never booleans or numeric strings.
Number = Annotated[float, Strict()]
# true or false only.
Flag = Annotated[bool, Strict()]


def _not_a_flag(value: object) -> object:
    if isinstance(value, bool):
        raise ValueError("expected an integer, not a boolean")
    return value


# An integer (2 or 2.0), never a boolean: ``Annotated[int, Field(ge=0), NOT_A_FLAG]``. The
# constraints come first: after a validator, pydantic leaves them out of the JSON Schema.
NOT_A_FLAG = BeforeValidator(_not_a_flag)

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]")


def _iso_8601(value: object) -> object:
    if isinstance(value, (int, float)) or (isinstance(value, str) and not _ISO_DATE.match(value)):
        raise ValueError("expected an ISO 8601 date-time with offset, e.g. 2026-01-01T00:00:00Z")
    return value


# An RFC 3339 date-time with offset (the schema's ``format: date-time``), not a Unix time.
Timestamp = Annotated[AwareDatetime, BeforeValidator(_iso_8601)]
