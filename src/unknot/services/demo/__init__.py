"""``unknot demo``: years of synthetic data, with a finished personal trial."""
