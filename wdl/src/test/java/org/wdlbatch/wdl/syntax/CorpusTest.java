package org.wdlbatch.wdl.syntax;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.wdlbatch.wdl.ast.Document;
import org.wdlbatch.wdl.ast.Version;
import org.wdlbatch.wdl.source.WdlException;

/** Every document of the test corpus parses, with the version its directory names. */
class CorpusTest {

    static Path corpusRoot() {
        try {
            return Path.of(CorpusTest.class.getResource("/corpus").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Path> corpusFiles() {
        return wdlFilesUnder(corpusRoot());
    }

    static List<Path> wdlFilesUnder(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(".wdl")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpusFiles")
    void parses(Path file) throws IOException {
        String rel = corpusRoot().relativize(file).toString();
        Document d = Parser.parseDocument(Files.readString(file), rel);
        Version expected = switch (rel.substring(0, rel.indexOf('/'))) {
            case "draft-2" -> Version.DRAFT_2;
            case "v1_0" -> Version.V1_0;
            case "v1_1" -> Version.V1_1;
            default -> Version.V1_2;
        };
        assertThat(d.version()).isEqualTo(expected);
        assertThat(d.uri()).isEqualTo(rel);
        assertThat(d.tasks().size() + d.structs().size() + (d.workflow() == null ? 0 : 1)).isPositive();
    }

    @Test
    void corpusCoversEveryVersion() {
        assertThat(corpusFiles()).hasSizeGreaterThanOrEqualTo(10);
    }

    /**
     * Optional manual check over outside corpora: {@code -Dwdl.corpus.dirs=/path/a,/path/b}. Every file must parse.
     */
    @Test
    void externalCorpora() throws IOException {
        String dirs = System.getProperty("wdl.corpus.dirs");
        Assumptions.assumeTrue(dirs != null && !dirs.isBlank(), "wdl.corpus.dirs not set");
        List<String> failures = new ArrayList<>();
        int count = 0;
        for (String dir : dirs.split(",")) {
            for (Path f : wdlFilesUnder(Path.of(dir.trim()))) {
                count++;
                try {
                    Parser.parseDocument(Files.readString(f), f.toString());
                } catch (WdlException e) {
                    failures.add(e.getMessage());
                }
            }
        }
        System.out.println("parsed " + count + " files from " + dirs + ", " + failures.size() + " failed");
        assertThat(failures).isEmpty();
    }
}
