package org.wdlbatch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The module graph that docs/architecture.md draws for contributors is the one the POMs build: every arrow of ours
 * (compile scope, and test scope in brackets) and no other. A new dependency between modules is a design decision,
 * so it changes that page in the same commit.
 */
class ModuleGraphTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    /** module folder -> compile and test dependencies on our modules (folders), from the POMs. */
    private record Edges(Set<String> compile, Set<String> test) {}

    @Test
    void theArchitecturePageDrawsTheGraphThePomsBuild() throws Exception {
        List<String> modules = modules(ROOT.resolve("pom.xml"));
        Map<String, String> folderOfArtifact = new LinkedHashMap<>();
        for (String m : modules) {
            folderOfArtifact.put(text(child(parse(ROOT.resolve(m).resolve("pom.xml")).getDocumentElement(),
                    "artifactId")), m);
        }
        Map<String, Edges> fromPoms = new TreeMap<>();
        for (String m : modules) {
            Edges e = new Edges(new TreeSet<>(), new TreeSet<>());
            NodeList deps = parse(ROOT.resolve(m).resolve("pom.xml")).getElementsByTagName("dependency");
            for (int i = 0; i < deps.getLength(); i++) {
                Element d = (Element) deps.item(i);
                if (!"org.wdlbatch".equals(text(child(d, "groupId")))) {
                    continue;
                }
                String folder = folderOfArtifact.get(text(child(d, "artifactId")));
                String scope = child(d, "scope") == null ? "compile" : text(child(d, "scope"));
                switch (scope) {
                    case "compile" -> e.compile().add(folder);
                    case "test" -> e.test().add(folder);
                    default -> { } // provided: packaging (distribution), drawn as prose on the page
                }
            }
            fromPoms.put(m, e);
        }
        assertThat(fromPage()).isEqualTo(fromPoms);
    }

    /**
     * Every module has its row in the page's module table (what it owns, what it must not do), and a packaging
     * module holds no code: a folder named for an image must not be where the CLI or the backend lives.
     */
    @Test
    void everyModuleHasItsRowAndPackagingHoldsNoCode() throws Exception {
        String page = Files.readString(ROOT.resolve("docs/architecture.md"));
        for (String m : modules(ROOT.resolve("pom.xml"))) {
            assertThat(page).as("a row for module " + m).contains("| `" + m + "/` |");
        }
        for (String packaging : List.of("orchestrator-image", "distribution")) {
            assertThat(ROOT.resolve(packaging).resolve("src/main/java")).as(packaging + " is packaging only")
                    .doesNotExist();
        }
    }

    /** The first code block of the page's module section: {@code module -> a, b  [c, d]} per line. */
    private static Map<String, Edges> fromPage() throws Exception {
        String page = Files.readString(ROOT.resolve("docs/architecture.md"));
        String section = page.substring(page.indexOf("## Modules and their dependencies"));
        String block = section.substring(section.indexOf("```\n") + 4, section.indexOf("\n```", section.indexOf("```\n") + 4));
        Pattern line = Pattern.compile("^(\\S+)\\s*->\\s*([^\\[]*?)\\s*(?:\\[(.*)\\])?\\s*(?:\\(.*\\))?\\s*$");
        Map<String, Edges> graph = new TreeMap<>();
        for (String l : block.split("\n")) {
            Matcher m = line.matcher(l.replaceAll("\\(.*?\\)", "").strip());
            assertThat(m.matches()).as("a line of the module block: " + l).isTrue();
            graph.put(m.group(1), new Edges(names(m.group(2)), names(m.group(3))));
        }
        return graph;
    }

    private static Set<String> names(String list) {
        Set<String> out = new TreeSet<>();
        if (list != null) {
            Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(out::add);
        }
        return out;
    }

    private static List<String> modules(Path pom) throws Exception {
        List<String> out = new ArrayList<>();
        NodeList ms = parse(pom).getElementsByTagName("module");
        for (int i = 0; i < ms.getLength(); i++) {
            out.add(ms.item(i).getTextContent().strip());
        }
        return out;
    }

    private static Document parse(Path pom) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element e) {
        return e == null ? null : e.getTextContent().strip();
    }
}
