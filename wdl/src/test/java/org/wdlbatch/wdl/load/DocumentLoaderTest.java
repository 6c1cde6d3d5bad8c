package org.wdlbatch.wdl.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.wdlbatch.wdl.bundle.BundleWriter;
import org.wdlbatch.wdl.check.CheckedDocument;
import org.wdlbatch.wdl.check.TypeChecker;
import org.wdlbatch.wdl.source.Diagnostic;
import org.wdlbatch.wdl.source.WdlException;
import org.wdlbatch.wdl.syntax.Parser;

class DocumentLoaderTest {

    @TempDir
    Path dir;

    private final List<String> parsed = new ArrayList<>();

    /** The real parser, counting which documents it parsed. */
    private final TextParser countingParser = (text, uri) -> {
        parsed.add(uri);
        return Parser.parseDocument(text, uri);
    };

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, text);
    }

    private static final SourceFetcher OFFLINE = uri -> {
        throw new IOException("offline");
    };

    @Test
    void importsResolveRelativeToTheImportingFileAndEachIsParsedOnce() throws IOException {
        write("lib/common.wdl", "version 1.0\nstruct S { Int a }\n");
        write("tasks/a.wdl", "version 1.0\nimport \"../lib/common.wdl\"\ntask a { command <<< >>> }\n");
        write("tasks/b.wdl", "version 1.0\nimport \"../lib/common.wdl\" as c\ntask b { command <<< >>> }\n");
        Path main = write("workflows/main.wdl", """
                version 1.0
                import "../tasks/a.wdl"
                import "../tasks/b.wdl" as bee
                workflow main { call a.a  call bee.b }
                """);
        DocumentGraph g = new DocumentLoader(countingParser, OFFLINE).load(main.toString());
        assertThat(parsed).containsExactly(main.toString(), dir.resolve("tasks/a.wdl").toString(),
                dir.resolve("lib/common.wdl").toString(), dir.resolve("tasks/b.wdl").toString());
        assertThat(g.main().imports()).containsOnlyKeys("a", "bee");
        assertThat(g.main().imports().get("a").document().imports().get("common").document())
                .isSameAs(g.main().imports().get("bee").document().imports().get("c").document());
        assertThat(g.documents()).hasSize(4).last().isSameAs(g.main());
        CheckedDocument cd = TypeChecker.check(g);
        assertThat(cd.imports().get("a").structs()).containsKey("S");
    }

    @Test
    void missingImportsAreReportedAtTheImportWithThePathTried() throws IOException {
        Path main = write("w/main.wdl", "version 1.0\n\nimport \"../nope/x.wdl\" as x\nimport \"y.wdl\"\nworkflow w {}\n");
        assertThatThrownBy(() -> new DocumentLoader(countingParser, OFFLINE).load(main.toString()))
                .isInstanceOfSatisfying(WdlException.class, e -> assertThat(e.diagnostics())
                        .extracting(Diagnostic::headline).containsExactly(
                                main + ":3:1: error: cannot import \"../nope/x.wdl\": no such file: " + dir.resolve("nope/x.wdl"),
                                main + ":4:1: error: cannot import \"y.wdl\": no such file: " + dir.resolve("w/y.wdl")));
    }

    @Test
    void cyclicImportsNameTheCycle() throws IOException {
        Path a = write("a.wdl", "version 1.0\nimport \"b.wdl\"\nworkflow a {}\n");
        write("b.wdl", "version 1.0\nimport \"c.wdl\"\n");
        write("c.wdl", "version 1.0\nimport \"a.wdl\"\n");
        assertThatThrownBy(() -> new DocumentLoader(countingParser, OFFLINE).load(a.toString()))
                .isInstanceOfSatisfying(WdlException.class, e -> assertThat(e.diagnostics())
                        .extracting(Diagnostic::headline).containsExactly(dir.resolve("c.wdl") + ":2:1: error: cyclic import: "
                                + a + " -> " + dir.resolve("b.wdl") + " -> " + dir.resolve("c.wdl") + " -> " + a));
    }

    @Test
    void syntaxErrorsOfSeveralImportedFilesAreAllReported() throws IOException {
        write("x.wdl", "version 1.0\ntask x {\n");
        write("y.wdl", "version 1.0\nworkflow y { Int = 1 }\n");
        Path main = write("m.wdl", "version 1.0\nimport \"x.wdl\"\nimport \"y.wdl\"\n");
        assertThatThrownBy(() -> new DocumentLoader(countingParser, OFFLINE).load(main.toString()))
                .isInstanceOfSatisfying(WdlException.class, e -> assertThat(e.diagnostics())
                        .extracting(d -> d.pos().file()).containsExactly(dir.resolve("x.wdl").toString(),
                                dir.resolve("y.wdl").toString()));
    }

    @Test
    void httpImportsAreFetchedRelativeToTheirUrl() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        Map<String, String> site = Map.of(
                "/wdl/tasks/t.wdl", "version 1.0\nimport \"../lib/s.wdl\"\ntask t { input { S s } command <<< >>> output { Int a = s.a } }\n",
                "/wdl/lib/s.wdl", "version 1.0\nstruct S { Int a }\n");
        List<String> requests = new ArrayList<>();
        server.createContext("/", ex -> {
            requests.add(ex.getRequestURI().getPath());
            String body = site.get(ex.getRequestURI().getPath());
            byte[] bytes = (body == null ? "not found" : body).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
            ex.getResponseBody().write(bytes);
            ex.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            Path main = write("main.wdl", "version 1.0\nimport \"" + base + "/wdl/tasks/t.wdl\" as t\n"
                    + "import \"" + base + "/wdl/missing.wdl\" as m\n"
                    + "workflow w { input { S s } call t.t { input: s = s } }\n");
            assertThatThrownBy(() -> new DocumentLoader(countingParser).load(main.toString()))
                    .isInstanceOfSatisfying(WdlException.class, e -> assertThat(e.diagnostics())
                            .extracting(Diagnostic::headline).containsExactly(main + ":3:1: error: cannot import \""
                                    + base + "/wdl/missing.wdl\": HTTP 404 from " + base + "/wdl/missing.wdl"));
            Files.writeString(main, Files.readString(main).replace("import \"" + base + "/wdl/missing.wdl\" as m\n", ""));
            requests.clear();
            DocumentGraph g = new DocumentLoader(countingParser).load(main.toString());
            assertThat(requests).containsExactly("/wdl/tasks/t.wdl", "/wdl/lib/s.wdl");
            assertThat(g.documents()).extracting(LoadedDocument::uri)
                    .contains(base + "/wdl/tasks/t.wdl", base + "/wdl/lib/s.wdl");
            TypeChecker.check(g);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aBundleKeepsTheLayoutAndLoadsBack() throws IOException {
        write("tasks/t.wdl", "version 1.0\ntask t { command <<< >>> output { Int x = 1 } }\n");
        Path main = write("pipes/workflows/w.wdl", "version 1.0\nimport \"../../tasks/t.wdl\"\nworkflow w { call t.t }\n");
        DocumentGraph g = new DocumentLoader(countingParser, OFFLINE).load(main.toString());
        Path zip = dir.resolve("b.zip");
        assertThat(BundleWriter.write(g, zip)).isEqualTo("pipes/workflows/w.wdl");
        parsed.clear();
        DocumentGraph back = new DocumentLoader(countingParser, OFFLINE).load(zip.toString());
        assertThat(parsed).containsExactly(zip + "!/pipes/workflows/w.wdl", zip + "!/tasks/t.wdl");
        assertThat(TypeChecker.check(back).workflow().outputs()).containsOnlyKeys("t.x");
        // Re-bundling a bundle gives the same entries.
        Path zip2 = dir.resolve("b2.zip");
        assertThat(BundleWriter.write(back, zip2)).isEqualTo("pipes/workflows/w.wdl");
        assertThat(Files.readAllBytes(zip2)).isEqualTo(Files.readAllBytes(zip));
    }

    @Test
    void aZipWithoutManifestIsRejectedClearly() throws IOException {
        Path zip = dir.resolve("plain.zip");
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new java.util.zip.ZipEntry("w.wdl"));
            out.write("version 1.0\n".getBytes(StandardCharsets.UTF_8));
        }
        assertThatThrownBy(() -> new DocumentLoader(countingParser, OFFLINE).load(zip.toString()))
                .isInstanceOf(WdlException.class)
                .hasMessage(zip + ":1:1: error: cannot read bundle: " + zip + " is not a wdlbatch bundle: it has no wdlbatch-bundle.json");
    }

    @Test
    void aCachingLoaderParsesAndChecksASharedImportOnceButReportsItsProblemsEveryTime() throws IOException {
        write("t.wdl", "version 1.0\ntask t { command <<< >>> output { Int o = 1 } }\n");
        write("bad.wdl", "version 1.0\ntask b { command <<< >>> output { Int o = nope } }\n");
        Path a = write("a.wdl", "version 1.0\nimport \"t.wdl\"\nimport \"bad.wdl\"\nworkflow a { call t.t }\n");
        Path b = write("b.wdl", "version 1.0\nimport \"t.wdl\"\nimport \"bad.wdl\"\nworkflow b { call t.t }\n");
        DocumentLoader loader = new DocumentLoader(countingParser, OFFLINE).cachingParses();
        org.wdlbatch.wdl.check.CheckCache cache = new org.wdlbatch.wdl.check.CheckCache();
        List<CheckedDocument> tasks = new ArrayList<>();
        for (Path main : List.of(a, b)) {
            DocumentGraph g = loader.load(main.toString());
            assertThatThrownBy(() -> TypeChecker.check(g, cache)).isInstanceOfSatisfying(WdlException.class,
                    e -> assertThat(e.diagnostics()).extracting(Diagnostic::headline)
                            .containsExactly(dir.resolve("bad.wdl") + ":2:43: error: unknown name nope"));
            // The checker's result is reachable through a clean re-check of t.wdl alone.
            tasks.add(TypeChecker.check(loader.load(dir.resolve("t.wdl").toString()), cache));
        }
        assertThat(parsed).containsExactly(a.toString(), dir.resolve("t.wdl").toString(),
                dir.resolve("bad.wdl").toString(), b.toString());
        assertThat(tasks.get(0)).isSameAs(tasks.get(1));
    }

    /** Reads every document directly, counting reads per file. */
    private final Map<String, Integer> reads = new java.util.concurrent.ConcurrentHashMap<>();
    private final SourceReader countingReader = location -> {
        reads.merge(location.display(), 1, Integer::sum);
        return location.read();
    };

    @Test
    void aCachingLoaderReadsEachSharedImportOnceAcrossLoadsAndAgainOnlyWhenItChanged() throws IOException {
        Path common = write("lib/common.wdl", "version 1.0\nstruct S { Int a }\n");
        Path t = write("lib/t.wdl", "version 1.0\nimport \"common.wdl\"\ntask t { command <<< >>> }\n");
        List<Path> mains = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            mains.add(write("wf" + i + ".wdl", "version 1.0\nimport \"lib/t.wdl\"\nimport \"lib/common.wdl\" as c\n"
                    + "workflow wf" + i + " { call t.t }\n"));
        }
        DocumentLoader loader = new DocumentLoader(countingParser, OFFLINE, countingReader).cachingParses();
        for (Path main : mains) {
            loader.load(main.toString());
        }
        // 5 workflows each importing t.wdl and common.wdl (and t.wdl importing common.wdl): 7 files, 7 reads
        assertThat(reads).containsEntry(common.toString(), 1).containsEntry(t.toString(), 1);
        assertThat(reads.values()).allMatch(n -> n == 1).hasSize(7);
        assertThat(parsed).hasSize(7);

        // an edited import is read and parsed again, and the next load sees the new text
        Files.writeString(common, "version 1.0\nstruct S { Int a  String b }\n");
        DocumentGraph g = loader.load(mains.get(0).toString());
        assertThat(reads).containsEntry(common.toString(), 2).containsEntry(t.toString(), 1);
        assertThat(g.main().imports().get("c").document().document().structs().get(0).members()).hasSize(2);
        assertThat(g.main().imports().get("t").document().imports().get("common").document())
                .isSameAs(g.main().imports().get("c").document());

        // without caching, each load reads what it imports
        reads.clear();
        DocumentLoader plain = new DocumentLoader(countingParser, OFFLINE, countingReader);
        plain.load(mains.get(0).toString());
        plain.load(mains.get(1).toString());
        assertThat(reads).containsEntry(common.toString(), 2).containsEntry(t.toString(), 2);
    }

    @Test
    void loadersSharingCachesReadAFileOnce() throws IOException {
        Path common = write("common.wdl", "version 1.0\ntask c { command <<< >>> }\n");
        Path main = write("main.wdl", "version 1.0\nimport \"common.wdl\"\nworkflow w { call common.c }\n");
        DocumentLoader.Caches shared = new DocumentLoader.Caches(countingReader);
        new DocumentLoader(countingParser, OFFLINE).cachingIn(shared).load(main.toString());
        new DocumentLoader(countingParser, OFFLINE).cachingIn(shared).load(main.toString());
        assertThat(reads).containsEntry(common.toString(), 1).containsEntry(main.toString(), 1);
        assertThat(parsed).hasSize(2);
    }
}
