"""The journal (F7): pain ratings, check-ins, SPADI and notes, written and read."""
