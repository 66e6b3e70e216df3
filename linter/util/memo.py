"""How many answers each value-keyed memo keeps: the functools caches on cell texts and the rules'
answer memos (engine/conditions.py). The texts that recur — labels, units, qualitative words, the
same targets — are few and stay in memos of this size; the texts of one table alone never come back,
and with larger memos they only held memory, a run's memory growing with its tables until the bounds
(measured with bench/phases.py; the figures are in README 性能)."""
SIZE = 4096
