"""Schemathesis hooks for the Ziping API: the `uscc` string format.

The document gives a unified social credit code (统一社会信用代码, GB 32100-2015) a pattern for its
shape and the custom format `uscc` for the rule no pattern can state: the 18th character is the
check character of the first 17. This teaches Schemathesis to generate codes that follow the
rule, so that schema-valid organizations are created and the operations behind them are reached.
Codes that break the rule are still sent by the negative tests, through the pattern.
"""

import schemathesis
from hypothesis import strategies as st

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [pow(3, i, 31) for i in range(17)]


def with_check_character(first17: str) -> str:
    total = sum(w * ALPHABET.index(c) for w, c in zip(WEIGHTS, first17))
    return first17 + ALPHABET[(31 - total % 31) % 31]


schemathesis.openapi.format(
    "uscc",
    st.builds(
        lambda head, division, rest: with_check_character(head + division + rest),
        st.text(ALPHABET, min_size=2, max_size=2),
        st.text("0123456789", min_size=6, max_size=6),
        st.text(ALPHABET, min_size=9, max_size=9),
    ),
)
