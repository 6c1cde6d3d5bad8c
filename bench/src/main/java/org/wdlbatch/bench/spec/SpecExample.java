package org.wdlbatch.bench.spec;

/**
 * One example of a WDL specification document: {@code <details><summary>Example: name.wdl} with its WDL source,
 * and the JSON blocks after "Example input:", "Example output:" and "Test config:" (null when absent).
 */
public record SpecExample(String name, int line, String wdl, String input, String output, String config) {}
