package org.wdlbatch.wdl.ast;

import java.util.List;
import org.wdlbatch.wdl.source.SourcePos;

/**
 * {@code import "uri" [as namespace] [alias A as B ...]}. {@code namespace} is null when the {@code as} clause is
 * absent; the default namespace is the file name without directory and {@code .wdl} (see {@link #effectiveNamespace}).
 */
public record Import(SourcePos pos, String uri, String namespace, List<Alias> aliases) {

    /** {@code alias Original as Renamed}: a struct of the imported document, renamed in the importing one. */
    public record Alias(SourcePos pos, String from, String to) {}

    public String effectiveNamespace() {
        if (namespace != null) {
            return namespace;
        }
        String name = uri;
        int slash = name.lastIndexOf('/');
        if (slash >= 0) {
            name = name.substring(slash + 1);
        }
        int q = name.indexOf('?');
        if (q >= 0) {
            name = name.substring(0, q);
        }
        if (name.endsWith(".wdl")) {
            name = name.substring(0, name.length() - 4);
        }
        return name;
    }
}
