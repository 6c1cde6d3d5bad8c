package org.wdlbatch.orchestrator.upload;

/** A folder in S3: {@code s3://bucket/prefix} where {@code prefix} is empty or ends with {@code /}. */
public record S3Folder(String bucket, String prefix) {

    public S3Folder {
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
    }

    /**
     * Parses {@code s3://bucket[/prefix[/]]}.
     *
     * @param flag where the value came from (e.g. {@code --s3upload}), for the error message
     * @throws IllegalArgumentException naming {@code flag} and the expected form
     */
    public static S3Folder parse(String uri, String flag) {
        if (uri == null || !uri.startsWith("s3://")) {
            throw new IllegalArgumentException(flag + " " + uri + ": expected s3://bucket/prefix");
        }
        String rest = uri.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new IllegalArgumentException(flag + " " + uri + ": '" + bucket + "' is not a valid S3 bucket name"
                    + " (3-63 characters: lower-case letters, digits, '.', '-'); expected s3://bucket/prefix");
        }
        if (prefix.startsWith("/") || prefix.contains("//")) {
            throw new IllegalArgumentException(flag + " " + uri + ": the prefix has an empty folder name ('//')");
        }
        return new S3Folder(bucket, prefix);
    }

    /** The sub-folder {@code name}. */
    public S3Folder resolve(String name) {
        return new S3Folder(bucket, prefix + name);
    }

    public String key(String relative) {
        return prefix + relative;
    }

    public String uri(String relative) {
        return "s3://" + bucket + "/" + prefix + relative;
    }

    @Override
    public String toString() {
        return uri("");
    }
}
