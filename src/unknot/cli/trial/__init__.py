"""``unknot trial``: the personal-trial commands and how their results look."""
