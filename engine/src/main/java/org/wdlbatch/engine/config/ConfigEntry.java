package org.wdlbatch.engine.config;

/** One setting's raw text and where it came from ({@code /path/file.cfg:12} or {@code env WDLBATCH__A__B}). */
public record ConfigEntry(String section, String key, String value, String origin) {}
