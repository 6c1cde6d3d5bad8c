package org.wdlbatch.wdl.load;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Where a WDL document lives: a local file, an http(s) URL, or an entry of a bundle zip. A location resolves the
 * URIs of its document's imports relative to itself, and reads its own text.
 */
public sealed interface SourceLocation {

    /** How diagnostics name the document (the path as the user gave it, normalized; or the URL). */
    String display();

    /** Identity for "parse each file once" and cycle detection. */
    String key();

    String read() throws IOException;

    /** The location an {@code import "uri"} statement of this document names. */
    SourceLocation resolve(String importUri) throws IOException;

    static boolean isUrl(String s) {
        return s.startsWith("http://") || s.startsWith("https://");
    }

    /** A local file, a URL or a file: URI, as named on a command line. */
    static SourceLocation of(String pathOrUrl, SourceFetcher fetcher) throws IOException {
        if (isUrl(pathOrUrl)) {
            return new Url(parseUri(pathOrUrl), fetcher);
        }
        if (pathOrUrl.startsWith("file:")) {
            return new LocalFile(Path.of(parseUri(pathOrUrl)).normalize(), fetcher);
        }
        return new LocalFile(Path.of(pathOrUrl).normalize(), fetcher);
    }

    private static URI parseUri(String s) throws IOException {
        try {
            return new URI(s);
        } catch (URISyntaxException e) {
            throw new IOException("not a valid URI: " + s);
        }
    }

    /** A file on the local file system. */
    record LocalFile(Path path, SourceFetcher fetcher) implements SourceLocation {

        public String display() {
            return path.toString();
        }

        public String key() {
            return path.toAbsolutePath().normalize().toString();
        }

        public String read() throws IOException {
            if (Files.isDirectory(path)) {
                throw new IOException(path + " is a directory, not a WDL file");
            }
            try {
                return Files.readString(path, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new IOException("no such file: " + path);
            } catch (java.nio.charset.MalformedInputException e) {
                throw new IOException(path + " is not UTF-8 text");
            }
        }

        public SourceLocation resolve(String importUri) throws IOException {
            if (isUrl(importUri)) {
                return new Url(parseUri(importUri), fetcher);
            }
            if (importUri.startsWith("file:")) {
                return new LocalFile(Path.of(parseUri(importUri)).normalize(), fetcher);
            }
            Path target = Path.of(importUri);
            if (!target.isAbsolute()) {
                Path parent = path.getParent();
                target = parent == null ? target : parent.resolve(target);
            }
            return new LocalFile(target.normalize(), fetcher);
        }
    }

    /** An http(s) URL; relative imports of a fetched document are fetched relative to its URL. */
    record Url(URI uri, SourceFetcher fetcher) implements SourceLocation {

        public String display() {
            return uri.toString();
        }

        public String key() {
            return uri.normalize().toString();
        }

        public String read() throws IOException {
            return fetcher.fetch(uri);
        }

        public SourceLocation resolve(String importUri) throws IOException {
            if (isUrl(importUri)) {
                return new Url(parseUri(importUri), fetcher);
            }
            if (importUri.startsWith("file:") || importUri.startsWith("/")) {
                throw new IOException("a document fetched from " + uri + " cannot import the local file " + importUri);
            }
            try {
                return new Url(uri.resolve(new URI(null, null, importUri, null)).normalize(), fetcher);
            } catch (URISyntaxException | IllegalArgumentException e) {
                throw new IOException("not a valid relative URI: " + importUri);
            }
        }
    }

    /** An entry of a bundle zip (see {@code org.wdlbatch.wdl.bundle}); imports resolve inside the bundle. */
    record BundleEntry(BundleArchive archive, String entry) implements SourceLocation {

        public String display() {
            return archive.name() + "!/" + entry;
        }

        public String key() {
            return display();
        }

        public String read() throws IOException {
            String text = archive.text(entry);
            if (text == null) {
                throw new IOException("no entry " + entry + " in bundle " + archive.name());
            }
            return text;
        }

        public SourceLocation resolve(String importUri) throws IOException {
            if (isUrl(importUri)) {
                return new Url(parseUri(importUri), archive.fetcher());
            }
            String found = archive.importedFrom(entry, importUri);
            if (found != null) {
                return new BundleEntry(archive, found);
            }
            return besideThis(importUri);
        }

        /** Where {@code importUri} is next to this entry, ignoring where the manifest says it was found. */
        public SourceLocation besideThis(String importUri) throws IOException {
            if (isUrl(importUri)) {
                return new Url(parseUri(importUri), archive.fetcher());
            }
            String base = entry.contains("/") ? entry.substring(0, entry.lastIndexOf('/') + 1) : "";
            String joined = BundleArchive.normalize(importUri.startsWith("/") ? importUri : base + importUri);
            if (joined == null) {
                throw new IOException("import " + importUri + " points outside bundle " + archive.name());
            }
            return new BundleEntry(archive, joined);
        }
    }
}
