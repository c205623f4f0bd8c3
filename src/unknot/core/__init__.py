"""Pure domain: content models, plan compiler, player state machine, safety rules,
questionnaire scoring, statistics, trial design and analysis.

Imports only the standard library (and numpy/scipy where maths needs it). No clock, no
environment, no database, no printing.
"""
