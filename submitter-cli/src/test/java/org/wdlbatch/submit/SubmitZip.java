package org.wdlbatch.submit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.wdlbatch.wdl.load.BundleArchive;

/** A one-document bundle zip, as `wdlbatch zip` writes it. */
final class SubmitZip {

    private SubmitZip() {}

    static byte[] of(String main, String text) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
            zip.putNextEntry(new ZipEntry(BundleArchive.MANIFEST));
            zip.write(("{\"format\": 1, \"main\": \"" + main + "\"}\n").getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry(main));
            zip.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
