package org.wdlbatch.engine.cache;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * What identifies a file's content for the call cache. {@code stat} (path, size, modification time) is cheap and
 * is what a shared file system answers quickly; {@code digest} (SHA-256 of the bytes) survives copies and
 * touches but reads every byte. Directories are identified by their files, recursively.
 */
public enum FileIdentity {
    STAT, DIGEST;

    public static FileIdentity parse(String text) {
        return switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "stat" -> STAT;
            case "digest" -> DIGEST;
            default -> throw new IllegalArgumentException("'" + text + "' is not a file identity; use stat or digest");
        };
    }

    /** A string that changes whenever the file (or any file under the directory) changes; null if it is gone. */
    public String of(Path path) {
        try {
            if (Files.isDirectory(path)) {
                MessageDigest md = sha256();
                try (Stream<Path> files = Files.walk(path)) {
                    for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                        md.update(path.relativize(f).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                        md.update((byte) 0);
                        md.update(of(f).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                        md.update((byte) 0);
                    }
                }
                return "dir:" + HexFormat.of().formatHex(md.digest());
            }
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            if (this == STAT) {
                return "stat:" + path.toAbsolutePath() + ":" + a.size() + ":" + a.lastModifiedTime().toMillis();
            }
            MessageDigest md = sha256();
            try (InputStream in = Files.newInputStream(path)) {
                byte[] buf = new byte[1 << 16];
                int n;
                while ((n = in.read(buf)) > 0) {
                    md.update(buf, 0, n);
                }
            }
            return "sha256:" + HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            return null;
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean exists(Path p) {
        return Files.exists(p, LinkOption.NOFOLLOW_LINKS) || Files.exists(p);
    }
}
