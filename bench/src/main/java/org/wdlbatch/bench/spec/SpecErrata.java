package org.wdlbatch.bench.spec;

import java.util.Map;

/**
 * Examples of the WDL 1.1/1.2 specification documents whose expected results are wrong in the spec itself (checked by
 * hand against the spec's own text). When such an example fails it is reported as XFAIL with the reason, not
 * counted as a failure; when it passes it counts as a pass. Shared by the evaluator-only conformance run
 * ({@code bench/spec-examples.sh}) and the engine's ({@code bench/spec-run.sh}).
 */
public final class SpecErrata {

    private SpecErrata() {}

    public static final Map<String, String> KNOWN = Map.ofEntries(
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
                    + " 'test_matches', not 'contains_string'; the input file sample1234_R1.fastq is not among the"
                    + " spec's test data"),
            Map.entry("get_values", "uses Python-style 'x if c else y', which is not WDL, and a trailing comma in JSON"),
            Map.entry("multiline_strings2", "the expected output JSON lacks commas between entries, and hw3's source"
                    + " has one space between hello and world where two are expected"),
            Map.entry("multiline_strings3", "the expected output JSON lacks commas between entries, and C and D"
                    + " expect a final newline although no blank line precedes >>> (which strips it)"),
            // found running the examples' tasks (bench/spec-run.sh); bash and coreutils behave as documented
            Map.entry("hello_parallel", "the input names '/greetings.txt' at the file system root, and the output is"
                    + " expected as 'hello.all_matches' although the workflow is hello_parallel"),
            Map.entry("workflow_with_comments", "the command 'cat ~{number * 2}' reads a file named '2' instead of"
                    + " printing the number"),
            Map.entry("sum_task", "'printf ~{sep(\" \", ints)}' prints only its first argument (the format, '0'),"
                    + " so the sum is 0, not 3"),
            Map.entry("task_outputs", "'wc -l FILE' prints the count followed by the file name, which read_int"
                    + " cannot read"),
            Map.entry("flags_task", "the output is declared 'String num_matches' but expected as the number 2"),
            Map.entry("person_struct_task", "the input and output keys use 'person_struct.' but the task is"
                    + " greet_person"),
            Map.entry("import_structs", "calls 'person_struct.greet_person' but the import of"
                    + " \"person_struct_task.wdl\" has no 'as', so its namespace is person_struct_task"),
            Map.entry("test_placeholders_task", "'printf ~{sep(\" \", ...)}' prints only its first argument"
                    + " ('hello'), not every line"),
            Map.entry("python_strip_task", "the output is expected under 'python_strip', not 'python_strip.lines';"
                    + " the command needs 'python' (python:latest image)"),
            Map.entry("outputs_task", "the input 'outputs.write_outstr' is not declared by the task"),
            Map.entry("glob_task", "'for i in 1..~{num_files}' is not a bash range: the loop runs once"),
            Map.entry("relative_and_absolute_task", "'File something = read_string(...)' names a file 'something'"
                    + " that the command never creates (it writes my/path/to/something.txt)"),
            Map.entry("optional_output_task", "'if ~{make_example2}; do' is a bash syntax error (if needs then),"
                    + " so the command fails"),
            Map.entry("runtime_container_task", "the output is declared 'String is_true' but expected as the"
                    + " boolean true"),
            Map.entry("dynamic_container_task", "the output is declared 'String is_true' but expected as the"
                    + " boolean true"),
            Map.entry("test_hints_task", "'wc -l FILE' prints the count followed by the file name, which read_int"
                    + " cannot read"),
            Map.entry("ex_paramter_meta_task", "'String result = stdout()' is the stdout file's path, not its"
                    + " content, and 'wc -l FILE' prints the file name after the count"),
            Map.entry("hisat2_task", "the input 'hisat2.index_tar_gz' is not declared (the task's input is 'index')"),
            Map.entry("gatk_haplotype_caller_task", "expects 'HG002.vcf' but no sample_id is given, so the prefix is"
                    + " the BAM's basename RMNISTHS_30xdownsample"),
            Map.entry("main", "'wc -l FILE' (in other.wdl) prints the file name after the count, which read_int"
                    + " cannot read"),
            Map.entry("other", "'wc -l FILE' prints the count followed by the file name, which read_int cannot"
                    + " read"),
            Map.entry("call_example", "'for i in 1..~{i}' is not a bash range: the loop runs once"),
            Map.entry("test_after", "'for i in 1..~{i}' is not a bash range: the loop runs once"),
            Map.entry("allow_nested", "the call input 'allow_nested.repeat2.i' is given in the expected outputs"
                    + " instead of the inputs"),
            Map.entry("nested_scatter", "the expected honorifics contradict 'honorifics[i % 2]' with honorifics ="
                    + " [\"Wizard\", \"Mr.\"]: index 0 (Bilbo) is Wizard, not Mr."),
            Map.entry("gen_files_task", "'for i in 1..~{num_files}' is not a bash range: the loop runs once, so"
                    + " one file matches"),
            Map.entry("echo_stdout", "'File message = read_string(stdout())' names a file 'hello world' that does"
                    + " not exist"),
            Map.entry("echo_stderr", "'File message = read_string(stderr())' names a file 'hello world' that does"
                    + " not exist"),
            Map.entry("read_map_task", "the command writes map_file but the output reads stdout(), which is empty"),
            Map.entry("write_json_task", "Python's print(list(...)) writes ['key1', 'key2'] with single quotes,"
                    + " which is not JSON"),
            Map.entry("test_range", "the input is given as 'test_range.n' for the declaration 'i', and 'n * n'"
                    + " squares where the expected output doubles"),
            Map.entry("serialize_array_delim_task", "the output is declared 'heads' but expected as 'strings'"),
            Map.entry("serde_pair", "'tail -n 2' of cities.txt (Houston, Chicago, Piscataway) gives Chicago and"
                    + " Piscataway; the expected Houston -> Chicago are its first two lines"),
            Map.entry("serialize_map", "'for i in 1..~{n}' is not a bash range, and bash arrays start at 0"),
            Map.entry("serde_map_tsv_task", "read_map(\"lines\") reads the one-column file written by cut, not the"
                    + " output of paste (stdout); the expected map matches neither"),
            Map.entry("multi_nested_inputs", "calls 'test_allow_nested_inputs' without its import namespace"
                    + " (test_allow_nested_inputs.test_allow_nested_inputs)"));
}
