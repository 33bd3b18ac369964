"""Rule packs: the YAML a clinician writes, read, checked and compiled once per run.

- model/: the schema of a pack (patterns, markers, therapist contexts, strategies and moves, guidance,
  significance, group rules), one module a part; phrase.py: the readable phrase language of patterns.
- loader.py: find the packs, validate them, every error as file:line:col (a pack read before comes from
  the cache); selection.py: which rules `--select` and `--ignore` keep, by id, old id or name.
- compiled/: every pattern compiled with a timeout behind the literal gate (gate.py, literals.py,
  hyperscan_gate.py), into the RuleSet the engine reads (`build_rule_set`).
- describe.py: the text of `rupture rules list` and `show`; skeleton.py: `rupture rules new`; export.py:
  the patterns in ripgrep syntax; regexsyntax.py: a regex rewritten for engines without lookaround.
"""
