"""Analysis of personal (N-of-1) crossover trials: exact Bayesian and classical methods.

Pure functions over the data (stdlib, numpy and scipy only). Start with
:func:`unknot.core.nof1.analysis.analyze`.
"""
