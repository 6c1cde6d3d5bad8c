package org.wdlbatch.wdl.spec;

import java.util.Map;

/**
 * Examples of the WDL 1.1/1.2 specification documents whose expected results are wrong in the spec itself (checked by
 * hand against the spec's own text). When such an example fails here it is reported as XFAIL with the reason, not
 * counted as a failure of the evaluator; when it passes it counts as a pass.
 */
final class SpecErrata {

    private SpecErrata() {}

    static final Map<String, String> KNOWN = Map.ofEntries(
            Map.entry("non_empty_optional", "expects [] for 'Array[Int]+? nonempty3 = None' (None is null)"),
            Map.entry("test_object", "the output refers to 'f.a' but no 'f' is declared (the object is 'obj')"),
            Map.entry("test_struct", "the output is declared 'john' but expected as 'person'"),
            Map.entry("map_to_struct", "expects a Words struct with members beware/key/lookup, which Words lacks"),
            Map.entry("array_map_equality", "expects is_false1/is_false2 to be true although the comments say false"),
            Map.entry("nested_access", "declares Map[String, Float] data but inputs \"name\": \"Pinky\""),
            Map.entry("placeholders", "input given as 'placeholders.input' for the declaration 'instr'"),
            Map.entry("multiline_string_placeholders", "the workflow is 'multiline_strings' but outputs are expected"
                    + " under 'multiline_string_placeholders'"),
            Map.entry("test_floor", "the output is Array[Boolean] but expected as a single true"),
            Map.entry("test_ceil", "the output is Array[Boolean] but expected as a single true"),
            Map.entry("test_round", "the output is Array[Boolean] but expected as a single true"),
            Map.entry("test_max", "expects the smaller value (1.0) from max(1, 2.0)"),
            Map.entry("test_sub", "choco4 expects ' when\\n' replaced by ' 4444\\n' although the pattern needs a"
                    + " space after the word and the replacement adds one"),
            Map.entry("test_prefix", "the output is declared 'env_prefixed' but expected as 'env1_prefixed'"),
            Map.entry("test_suffix", "suffix(\".txt \", ...) has a trailing space the expected output lacks"),
            Map.entry("test_find_task", "outputs are expected under 'test_find' and 'test_matches', not 'find_string'"),
            Map.entry("test_matches_task", "the input key 'fastq' lacks the workflow name; outputs expected under"
                    + " 'test_matches', not 'contains_string'"),
            Map.entry("get_values", "uses Python-style 'x if c else y', which is not WDL, and a trailing comma in JSON"),
            Map.entry("multiline_strings2", "the expected output JSON lacks commas between entries, and hw3's source"
                    + " has one space between hello and world where two are expected"),
            Map.entry("multiline_strings3", "the expected output JSON lacks commas between entries, and C and D"
                    + " expect a final newline although no blank line precedes >>> (which strips it)"));
}
