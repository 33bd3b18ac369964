"""What `rupture rules check` catches across a pack before a run does: names that point nowhere, ids given twice
or of the wrong kind, and which files of a folder are read. Every rule here is invented for the tests."""

from __future__ import annotations

from conftest import Rupture, WriteFile


def marker(marker_id: str, name: str, *extra: str, phrase: str = "let it lie") -> str:
    """One marker of a pack, as YAML lines under `markers:`; `extra` lines go after its `match:` list."""
    lines = [f"  - id: {marker_id}", f"    name: {name}", "    rupture: withdrawal", "    match:",
             f'      - phrase: "{phrase}"', *extra]
    return "\n".join(lines) + "\n"


def strategy(strategy_id: str, name: str, *rest: str) -> str:
    """One exploratory strategy of a pack, as YAML lines under `strategies:`; `rest` from its 7th line of the file."""
    lines = [f"  - id: {strategy_id}", f"    name: {name}", "    approach: exploratory",
             "    family: metacommunication", f"    guidance: {name.capitalize()}.", *rest]
    return "\n".join(lines) + "\n"


def test_a_misspelt_context_in_a_patterns_own_when_is_an_error_at_its_line(write_file: WriteFile,
                                                                           rupture: Rupture) -> None:
    write_file("pack/a.yaml", "markers:\n" + marker("X-LIE", "lie-still", "        when: {previous_turn: [presure]}"))
    result = rupture("rules", "check", "pack")
    assert result.exit_code == 2
    assert result.stderr == ("rupture: error: pack/a.yaml:7:32: marker 'X-LIE' names unknown context 'presure' "
                             "(did you mean 'pressure'?)\n")


def test_unless_items_and_strategy_patterns_have_their_contexts_checked_too(write_file: WriteFile,
                                                                            rupture: Rupture) -> None:
    write_file("u.yaml", "markers:\n" + marker("X-LIE", "lie-still", "    unless:", '      - phrase: "lie down"',
                                               "        when: {previous_turn: [advise]}"))
    result = rupture("rules", "check", "u.yaml")
    assert result.exit_code == 2 and result.stderr.startswith("rupture: error: u.yaml:9:32: marker 'X-LIE' names "
                                                              "unknown context 'advise' (did you mean 'advice'?)")
    write_file("s.yaml", "strategies:\n" + strategy("EX-TALK-US", "talk about us", "    match:",
                                                    '      - phrase: "how are we doing"',
                                                    "        when: {previous_turn: [reflexion]}"))
    result = rupture("rules", "check", "s.yaml")
    assert result.exit_code == 2
    assert result.stderr.startswith("rupture: error: s.yaml:9:32: strategy 'EX-TALK-US' names unknown context "
                                    "'reflexion' (did you mean 'reflection'?)")


def test_upper_case_extensions_are_read_and_hidden_and_backup_files_are_not(write_file: WriteFile,
                                                                            rupture: Rupture) -> None:
    write_file("pack/CLINIC.YAML", "markers:\n" + marker("X-UP", "upper-case-file"))
    write_file("pack/.draft.yaml", "markers: [not, a, marker]\n")
    write_file("pack/clinic.yaml~", "markers: [not, a, marker]\n")
    write_file("pack/.hidden/more.yaml", "markers: [not, a, marker]\n")
    result = rupture("rules", "check", "pack")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("ok: 1 rule file valid")
    listed = rupture("rules", "list", "--rules", "pack")
    assert "X-UP" in listed.stdout


def test_a_rules_folder_with_no_rule_files_is_warned_about(write_file: WriteFile, rupture: Rupture) -> None:
    write_file("pack/clinic.yaml.txt", "markers:\n" + marker("X-TXT", "saved-as-text"))
    write_file("notes.txt", "T: How was the week?\nC: Fine.\n")
    warning = ("rupture: warning: pack: no rule files in this folder (a rule file ends .yaml or .yml): no rules "
               "loaded from it\n")
    checked = rupture("rules", "check", "pack")
    assert checked.exit_code == 0 and warning in checked.stderr
    analysed = rupture("analyze", "notes.txt", "--rules", "pack", "--no-model")
    assert analysed.exit_code == 0 and warning in analysed.stderr


def test_one_id_in_two_files_of_a_pack_is_an_error_naming_both(write_file: WriteFile, rupture: Rupture) -> None:
    write_file("pack/a.yaml", "markers:\n" + marker("X-TWICE", "first-of-two"))
    write_file("pack/b.yaml", "# a second file\nmarkers:\n" + marker("X-TWICE", "second-of-two"))
    result = rupture("rules", "check", "pack")
    assert result.exit_code == 2
    assert result.stderr == ("rupture: error: pack/b.yaml:3:9: duplicate marker id 'X-TWICE' (also at pack/a.yaml:2; "
                             "one pack gives an id once)\n")


def test_replacing_a_shipped_marker_works_with_a_note(write_file: WriteFile, rupture: Rupture) -> None:
    write_file("w2.yaml", "markers:\n" + marker("W2", "short-reply-retuned", phrase="dunno really"))
    result = rupture("rules", "check", "w2.yaml")
    assert result.exit_code == 0
    assert result.stderr.startswith("rupture: note: w2.yaml:2:9: marker 'W2' replaces the shipped marker of that id (")
    assert "withdrawal.yaml:" in result.stderr


def test_a_marker_may_not_take_a_strategy_or_move_kind_of_id(write_file: WriteFile, rupture: Rupture) -> None:
    write_file("m.yaml", "markers:\n" + marker("EX-INVITE", "looks-like-a-strategy"))
    result = rupture("rules", "check", "m.yaml")
    assert result.exit_code == 2
    assert result.stderr.startswith("rupture: error: m.yaml:2:9: id: 'EX-INVITE' is the kind of id strategies (IM-, "
                                    "EX-, GR-) and therapist moves (TC-) have; a marker needs one of its own, such as "
                                    "'X-INVITE'")


def test_a_strategy_keeps_its_own_location_beside_a_marker(write_file: WriteFile, rupture: Rupture) -> None:
    write_file("pack/a.yaml", "strategies:\n  - id: EX-OWN-WAY\n    name: its own way\n    approach: exploratory\n"
                              "    family: metacommunication\n    guidance: Ask.\n    fits: {markers: [X-NOWHERE]}\n")
    write_file("pack/b.yaml", "\n\n\nmarkers:\n" + marker("X-HERE", "own-way-marker"))
    result = rupture("rules", "check", "pack")
    assert result.stderr == ("rupture: error: pack/a.yaml:7:22: strategy 'EX-OWN-WAY' fits unknown marker "
                             "'X-NOWHERE' (did you mean 'X-HERE'?)\n")


def test_a_name_that_is_another_rules_name_or_id_is_an_error(write_file: WriteFile, rupture: Rupture) -> None:
    write_file("n.yaml", "markers:\n" + marker("X-SHORT", "minimal-response"))
    result = rupture("rules", "check", "n.yaml")
    assert result.exit_code == 2
    assert result.stderr == ("rupture: error: n.yaml:3:11: marker 'X-SHORT': name 'minimal-response' is already the "
                             "name of marker 'W2' (a name selects a rule like its id: give it a name of its own)\n")
    write_file("i.yaml", "markers:\n" + marker("X-ONE", "x-two") + marker("X-TWO", "second", phrase="let it go"))
    result = rupture("rules", "check", "i.yaml")
    assert result.exit_code == 2 and "name 'x-two' is already the id of marker 'X-TWO'" in result.stderr


def test_a_deprecated_markers_examples_are_skipped_not_failed(write_file: WriteFile, rupture: Rupture) -> None:
    write_file("old.yaml", "markers:\n" + marker("X-OLD", "retired-marker", "    status: deprecated", "    examples:",
                                                 '      match: ["C: let it lie"]', '      no_match: ["C: fine"]'))
    tested = rupture("rules", "test", "old.yaml")
    assert tested.exit_code == 0, tested.stdout
    assert tested.stdout.strip().endswith("0 passed, 0 failed, 0 todo, 2 skipped (deprecated)")
    write_file("notes.txt", "T: How was the week?\nC: Fine.\n")
    analysed = rupture("analyze", "notes.txt", "--rules", "old.yaml", "--select", "X-OLD", "--no-model")
    assert ("rupture: warning: select 'X-OLD' names only deprecated markers, which never run (status: deprecated): it "
            "selects nothing\n") in analysed.stderr


def test_rule_commands_read_the_config_and_take_no_default_rules(write_file: WriteFile, rupture: Rupture) -> None:
    write_file("clinic/x.yaml", "markers:\n" + marker("X-CLINIC", "clinic-marker"))
    write_file(".rupture.toml", 'rules = ["clinic"]\n')
    assert "X-CLINIC" in rupture("rules", "list").stdout
    shown = rupture("rules", "explain", "X-CLINIC")
    assert shown.exit_code == 0 and shown.stdout.startswith("X-CLINIC clinic-marker")
    assert "X-CLINIC" not in rupture("rules", "list", "--isolated").stdout
    # a pack without guidance fails under analyze --no-default-rules: rules check says so too
    checked = rupture("rules", "check", "clinic", "--no-default-rules")
    assert checked.exit_code == 2 and "no 'guidance:' (stage table) found" in checked.stderr
    listed = rupture("rules", "list", "--no-default-rules")
    assert listed.exit_code == 2


def test_a_checked_file_the_config_already_loads_is_loaded_once(write_file: WriteFile, rupture: Rupture) -> None:
    write_file("my-rules/cancel.yaml", "markers:\n" + marker("X-CANCEL", "cancelling", phrase="cancel next week"))
    write_file("my-rules/late.yaml", "markers:\n" + marker("X-LATE", "late-again", phrase="late again"))
    write_file(".rupture.toml", 'rules = ["my-rules"]\n')
    for checked in ("my-rules/cancel.yaml", "./my-rules/cancel.yaml", "my-rules"):
        result = rupture("rules", "check", checked)
        assert result.exit_code == 0, result.stderr
        assert result.stderr == "", (checked, result.stderr)  # never "replaces the earlier marker" (itself)
    write_file(".rupture.toml", 'rules = ["my-rules/cancel.yaml"]\n')
    result = rupture("rules", "check", "my-rules")
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr
    assert result.stdout.startswith("ok: 2 rule files valid")


def test_markers_named_by_significance_and_guidance_must_exist(write_file: WriteFile, rupture: Rupture) -> None:
    write_file("sig.yaml", "significance:\n  cuts: [1, 2, 3, 4]\n  cues:\n    - id: my-cue\n      reason: seen\n"
                           "      markers: [W2, C9X]\n")
    result = rupture("rules", "check", "sig.yaml")
    assert result.exit_code == 2
    assert result.stderr == "rupture: error: sig.yaml:6:21: significance cue 'my-cue' reads unknown marker 'C9X'\n"


def test_a_file_with_only_a_pack_name_or_an_empty_markers_key_adds_nothing(write_file: WriteFile,
                                                                           rupture: Rupture) -> None:
    for name, text in (("only.yaml", "pack: mine\n"), ("null.yaml", "markers:\n")):
        write_file(name, text)
        result = rupture("rules", "check", name)
        assert result.exit_code == 0, result.stderr
        assert result.stderr == (f"rupture: warning: {name}: holds no rules (no markers, contexts, strategies or "
                                 "moves): it adds nothing\n")


def test_a_phrase_or_regex_that_matches_every_turn_is_refused(write_file: WriteFile, rupture: Rupture) -> None:
    write_file("star.yaml", "markers:\n" + marker("X-ANY", "any-word", phrase="*"))
    result = rupture("rules", "check", "star.yaml")
    assert result.exit_code == 2
    assert result.stderr == ("rupture: error: star.yaml:6:9: match: bad phrase '*': it has no word of its own ('*' is "
                             "any word): it would match every turn in marker 'X-ANY'\n")
    write_file("dot.yaml", "markers:\n  - id: X-DOT\n    name: any-text\n    rupture: withdrawal\n    match:\n"
                           "      - regex: '.'\n")
    result = rupture("rules", "check", "dot.yaml")
    assert result.exit_code == 2 and result.stderr.startswith("rupture: error: dot.yaml:6:9: bad regex '.': it matches "
                                                              "any words at all")


def test_a_regex_matching_any_words_is_kept_when_its_marker_has_conditions(write_file: WriteFile,
                                                                          rupture: Rupture) -> None:
    write_file("terse.yaml", """markers:
  - id: X-TERSE
    name: terse-to-feeling
    rupture: withdrawal
    when: {previous_turn: [feeling-question], max_words: 3}
    match:
      - regex: '^.{1,60}$'
    examples:
      match: ["T: How did you feel when he shouted?\\nC: Fine I guess."]
      no_match: ["T: What time is the bus?\\nC: Nine."]
""")
    result = rupture("rules", "test", "terse.yaml")
    assert (result.exit_code, result.stdout) == (0, "2 passed, 0 failed, 0 todo\n"), result.stderr
    write_file("dodge.yaml", """contexts:
  - id: garden-question
    description: The therapist asks about the garden plan.
    match: ["(garden|allotment)"]
markers:
  - id: X-DODGE
    name: dodges-garden
    rupture: withdrawal
    match:
      - regex: '^(?!.*\\b(?:garden|allotment|planted)\\b).+$'
        when: {previous_turn: [garden-question]}
    examples:
      match: ["T: How is the garden plan going?\\nC: My cousin phoned on Sunday, long call."]
      no_match: ["T: How is the garden plan going?\\nC: I planted the beans."]
""")
    result = rupture("rules", "test", "dodge.yaml")
    assert (result.exit_code, result.stdout) == (0, "2 passed, 0 failed, 0 todo\n"), result.stderr
    write_file("bare.yaml", "markers:\n  - id: X-ALL\n    name: all-turns\n    rupture: withdrawal\n    match:\n"
                            "      - regex: '^.{1,60}$'\n")
    result = rupture("rules", "check", "bare.yaml")
    assert result.exit_code == 2
    assert result.stderr == ("rupture: error: bare.yaml:6:9: bad regex '^.{1,60}$': it matches any words at all (it "
                             "matched each of a few unrelated turns) and nothing restricts it (no 'when' or 'unless' "
                             "on it or its rule), so it would fire on every turn\n")


def test_a_regex_question_mark_in_a_phrase_points_to_square_brackets(write_file: WriteFile, rupture: Rupture) -> None:
    write_file("q.yaml", "markers:\n" + marker("X-GO", "going-away", phrase="could I (just )?stop coming"))
    result = rupture("rules", "check", "q.yaml")
    assert result.exit_code == 2
    assert result.stderr == ("rupture: error: q.yaml:6:9: match: bad phrase 'could I (just )?stop coming': ')?' is "
                             "regex syntax; a phrase marks optional words with square brackets: '[just]' in marker "
                             "'X-GO'\n")


def test_a_question_mark_or_plus_after_a_group_at_the_end_or_before_punctuation_stays_literal(
        write_file: WriteFile, rupture: Rupture) -> None:
    write_file("point.yaml", "markers:\n" + marker(
        "X-POINT", "whats-the-point", "    examples:", '      match: ["T: Shall we plan?\\nC: What\'s the use?"]',
        '      no_match: ["T: Shall we plan?\\nC: The point is I tried."]', phrase="what's the (point|use)?"))
    result = rupture("rules", "test", "point.yaml")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "2 passed, 0 failed, 0 todo\n"
    for phrase in ("(ha)+", "so[o]+ tired", "well (fine|okay)?, whatever"):
        write_file("more.yaml", "markers:\n" + marker("X-MORE", "more-marks", phrase=phrase))
        result = rupture("rules", "check", "more.yaml")
        assert result.exit_code == 0, (phrase, result.stderr)
    write_file("gap.yaml", "markers:\n" + marker("X-GAP", "space-lost", phrase="so[o]+tired"))
    result = rupture("rules", "check", "gap.yaml")
    assert result.exit_code == 2
    assert "']+' is regex syntax; a phrase marks optional words with square brackets: '[o]'" in result.stderr


def test_utf16_and_old_mac_line_endings_read_with_the_right_lines(write_file: WriteFile, rupture: Rupture) -> None:
    text = "markers:\n" + marker("X-ENC", "encoded", phrase="(never|not) again (")
    write_file("u16.yaml", "\ufeff".encode("utf-16-le") + text.encode("utf-16-le"))
    write_file("cr.yaml", text.replace("\n", "\r").encode("utf-8"))
    for name in ("u16.yaml", "cr.yaml"):
        result = rupture("rules", "check", name)
        assert result.exit_code == 2
        assert result.stderr.startswith(f"rupture: error: {name}:6:9: match: bad phrase"), result.stderr
    write_file("u16nobom.yaml", text.encode("utf-16-le"))
    result = rupture("rules", "check", "u16nobom.yaml")
    assert result.stderr == ("rupture: error: u16nobom.yaml: rule file holds NUL bytes: UTF-16 without a byte-order "
                             "mark? save it as UTF-8\n")


def test_an_empty_example_or_one_with_no_client_turn_is_an_error(write_file: WriteFile, rupture: Rupture) -> None:
    write_file("blank.yaml", "markers:\n" + marker("X-EX", "example-less", "    examples:",
                                                   '      no_match: ["C: fine", ""]'))
    result = rupture("rules", "check", "blank.yaml")
    assert result.exit_code == 2
    assert result.stderr.startswith("rupture: error: blank.yaml:8:29: examples.no_match: an empty example tests "
                                    "nothing")
    write_file("alone.yaml", "markers:\n" + marker("X-EX", "example-less", "    examples:",
                                                   '      match: ["T: Shall we start?"]'))
    result = rupture("rules", "test", "alone.yaml")
    assert result.exit_code == 2
    assert result.stderr == ("rupture: error: alone.yaml:8: example has no client turn to judge: add a 'C: ...' line "
                             "(or write 'NOTE: ...' for notes)\n")


def test_a_no_match_example_of_the_therapist_saying_the_words_is_fair(write_file: WriteFile, rupture: Rupture) -> None:
    """Anything the therapist says is no client marker: a no_match example with only a therapist turn tests that."""
    write_file("said.yaml", "markers:\n" + marker("X-EX", "example-less", "    examples:",
                                                  '      no_match: ["T: I might let it lie for now."]'))
    result = rupture("rules", "test", "said.yaml")
    assert result.exit_code == 0, result.stderr
    assert "1 passed, 0 failed" in result.stdout


def test_a_configured_pack_that_is_gone_names_the_config_file_and_key(write_file: WriteFile, rupture: Rupture,
                                                                      workdir) -> None:
    config = write_file(".rupture.toml", 'rules = ["gone-rules"]\n\n[check]\nfail-on-significanse = 3\n')
    write_file("notes.txt", "T: How was the week?\nC: Fine.\n")
    line = f"{config.resolve()}: rules: {(workdir / 'gone-rules').resolve()}: no such rule file or folder\n"
    analysed = rupture("analyze", "notes.txt", isolated=False)
    assert analysed.exit_code == 2 and analysed.stderr == f"rupture: error: {line}"
    shown = rupture("config", "show")
    assert shown.exit_code == 0
    assert shown.stderr == (f"rupture: warning: {line}rupture: warning: {config.resolve()}: unknown key "
                            "'fail-on-significanse' in [check] (did you mean 'fail-on-significance'?)\n")


def test_rules_new_blames_the_rupture_type_not_the_valid_id(rupture: Rupture) -> None:
    result = rupture("rules", "new", "X-FOO", "--rupture", "confrontaton")
    assert result.exit_code == 2
    assert result.stderr == ("rupture: error: 'confrontaton' is not a rupture type: withdrawal or confrontation (did "
                             "you mean 'confrontation'?)\n")
    result = rupture("rules", "new", "X_FOO")
    assert result.stderr == ("rupture: error: 'X_FOO' is not a valid marker id (capitals, digits and dashes, e.g. "
                             "X-CANCEL)\n")


def test_checking_a_shipped_pack_file_notes_no_rule_replacing_itself(rupture: Rupture) -> None:
    """`rules check rules/withdrawal.yaml` reads that file once beside the shipped packs: no marker of it is said
    to replace itself."""
    from rupturecli.rules.loader import default_rules_dir

    shipped = default_rules_dir() / "withdrawal.yaml"
    result = rupture("rules", "check", str(shipped))
    assert result.exit_code == 0, result.output
    assert "replaces" not in result.output


def test_a_pack_given_again_takes_its_place_again(write_file: WriteFile, rupture: Rupture) -> None:
    """`--rules a --rules b --rules a`: the last pack given wins, as any later pack does (re-adding one to make
    it win)."""
    import json

    write_file("a.yaml", "markers:\n" + marker("X-ZZ", "zz-rule", phrase="striped horses"))
    write_file("b.yaml", "markers:\n" + marker("X-ZZ", "zz-rule", phrase="long necks"))
    write_file("s.txt", "Therapist: Tell me more.\nClient: Striped horses, honestly.\nTherapist: Go on.\n"
                        "Client: Long necks too.\n")
    result = rupture("analyze", "s.txt", "--no-model", "--format", "json",
                     "--rules", "a.yaml", "--rules", "b.yaml", "--rules", "a.yaml")
    assert result.exit_code == 0, result.stderr
    found = [(item["id"], item["turn"]) for episode in json.loads(result.stdout)["episodes"]
             for item in episode["markers"]]
    assert found == [("X-ZZ", 2)]


def test_rules_test_runs_the_configured_packs_as_analyze_loads_them(write_file: WriteFile, rupture: Rupture) -> None:
    """A clinic's marker leans on a context another configured pack defines: its examples run with that pack
    loaded, as `analyze` would judge them; with no path the configured packs' examples run beside the shipped."""
    write_file("shared/contexts.yaml", "contexts:\n  - id: diary-talk\n    description: The therapist brings up the "
                                       "diary.\n    match:\n      - phrase: \"your diary\"\n")
    write_file("clinic/x.yaml", "markers:\n" + marker(
        "X-DIARY", "diary-dodge", "        when: {previous_turn: [diary-talk]}", "    examples:",
        '      match: ["T: Did you bring your diary?\\nC: Let it lie."]',
        '      no_match: ["T: How was the week?\\nC: Let it lie."]'))
    config = write_file(".rupture.toml", 'rules = ["shared", "clinic"]\n')
    alone = rupture("rules", "test", "clinic", "--isolated")
    assert alone.exit_code == 2 and "unknown context 'diary-talk'" in alone.stderr
    tested = rupture("rules", "test", "clinic")
    assert tested.exit_code == 0, tested.stdout + tested.stderr
    assert tested.stdout.strip() == "2 passed, 0 failed, 0 todo"
    everything = rupture("rules", "test")
    shipped = rupture("rules", "test", "--isolated")
    count = int(everything.stdout.strip().split(" passed")[0])
    assert everything.exit_code == 0 and count == int(shipped.stdout.strip().split(" passed")[0]) + 2
    # the configured pack named by its absolute path, the tested one by a relative path: the same file
    config.write_text(f'rules = ["shared", "{(config.parent / "clinic").resolve()}"]\n', encoding="utf-8")
    assert rupture("rules", "test", "./clinic/x.yaml").stdout.strip() == "2 passed, 0 failed, 0 todo"


def test_a_context_ruled_out_by_another_names_a_known_one_and_steps_aside_where_it_holds(
        write_file: WriteFile, rupture: Rupture) -> None:
    write_file("c.yaml", "contexts:\n  - id: telling-off\n    match:\n      - phrase: \"you should\"\n"
                         "    unless_context: [sumary]\n")
    result = rupture("rules", "check", "c.yaml")
    assert result.exit_code == 2
    assert result.stderr.startswith("rupture: error: c.yaml:5:21: context 'telling-off' names unknown context "
                                    "'sumary' (did you mean 'summary'?)")
    from rupturecli.detect.contexts import classify_turn
    from rupturecli.rules.compiled import build_rule_set

    rules = build_rule_set()
    summed = classify_turn("Let me sum up: you've said you need to stop before the baby comes, and the evenings are "
                           "hardest, and the risk to your health worries you more than it did, and work is busy.",
                           rules)
    assert "summary" in summed and not summed & {"pressure", "lecture"}
    assert "pressure" in classify_turn("You need to stop before the baby comes.", rules)


def test_a_strategys_moves_must_be_known_therapist_moves(write_file: WriteFile, rupture: Rupture) -> None:
    def sorry(fits: str) -> str:
        return "strategies:\n" + strategy("EX-SAY-SORRY", "say sorry", f"    fits: {fits}", "    match:",
                                          '      - phrase: "I am sorry I lectured"')

    write_file("own.yaml", sorry("{after_moves: [TC-LECTURE, TC-LECTUR]}"))
    result = rupture("rules", "check", "own.yaml")
    assert result.exit_code == 2
    assert result.stderr.startswith("rupture: error: own.yaml:7:38: strategy 'EX-SAY-SORRY' fits.after_moves names "
                                    "unknown therapist move 'TC-LECTUR'")
    assert "TC-LECTURE" in result.stderr  # did you mean
    write_file("own.yaml", sorry("{after_moves: [TC-LECTURE], not_after_moves: [TC-WARN]}"))
    assert rupture("rules", "check", "own.yaml").exit_code == 0
