"""Built-in content as data: techniques, routines, causes, tips and drawings (read by
:mod:`unknot.content.loader`), and screening, country numbers and stop rules (read by
:mod:`unknot.content.safety_loader`).
"""
