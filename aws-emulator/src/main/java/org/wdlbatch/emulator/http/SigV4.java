package org.wdlbatch.emulator.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks the Signature Version 4 of a request against a set of key pairs, as AWS does before anything else:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html (canonical request, string to
 * sign, signing key). Signed in the Authorization header or in the query string (presigned URL). Non-S3
 * services sign the path URI-encoded a second time; S3 (done by S3Proxy here) signs it once.
 */
public final class SigV4 {

    /** Why a request was refused, with the error AWS answers (codes from the services' "Common Errors" pages). */
    public enum Failure {
        /** No signature at all: https://docs.aws.amazon.com/batch/latest/APIReference/CommonErrors.html */
        MISSING("MissingAuthenticationTokenException", "Missing Authentication Token"),
        /** A signature with a part missing or malformed. */
        INCOMPLETE("IncompleteSignatureException", null),
        /** An access key id the emulator does not know. */
        UNKNOWN_KEY("UnrecognizedClientException", "The security token included in the request is invalid."),
        /** The signature does not match the one computed with the key's secret. */
        MISMATCH("InvalidSignatureException", "The request signature we calculated does not match the signature "
                + "you provided. Check your AWS Secret Access Key and signing method. Consult the service "
                + "documentation for details.");

        public final String code;
        public final String message;

        Failure(String code, String message) {
            this.code = code;
            this.message = message;
        }
    }

    /** A refusal and the message to send with it. */
    public record Refusal(Failure failure, String message) {}

    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^,\\s]+)");
    private static final Pattern SIGNED_HEADERS = Pattern.compile("SignedHeaders=([^,\\s]+)");
    private static final Pattern SIGNATURE = Pattern.compile("Signature=([0-9a-fA-F]+)");

    private final Map<String, String> secrets;

    /** {@code secrets}: access key id to secret access key. */
    public SigV4(Map<String, String> secrets) {
        this.secrets = Map.copyOf(secrets);
    }

    /** Null when the request is signed by one of the known keys; otherwise why not. */
    public Refusal verify(ApiRequest r, boolean doubleEncodePath) {
        String auth = r.header("Authorization");
        Map<String, List<String>> query = queryParameters(r.rawQuery());
        String credential;
        String signedHeaders;
        String signature;
        String amzDate;
        boolean presigned = auth == null && query.containsKey("X-Amz-Signature");
        if (auth != null) {
            if (!auth.startsWith(ALGORITHM + " ")) {
                return new Refusal(Failure.INCOMPLETE, "Authorization header requires existence of either a "
                        + "'X-Amz-Date' or a 'Date' header and the algorithm " + ALGORITHM + ". Authorization=" + auth);
            }
            credential = group(CREDENTIAL, auth);
            signedHeaders = group(SIGNED_HEADERS, auth);
            signature = group(SIGNATURE, auth);
            amzDate = r.header("X-Amz-Date");
            List<String> missing = new ArrayList<>();
            if (credential == null) missing.add("'Credential'");
            if (signedHeaders == null) missing.add("'SignedHeaders'");
            if (signature == null) missing.add("'Signature'");
            if (!missing.isEmpty()) {
                return new Refusal(Failure.INCOMPLETE, "Authorization header requires " + String.join(", ", missing)
                        + " parameter(s). Authorization=" + auth);
            }
        } else if (presigned) {
            credential = first(query, "X-Amz-Credential");
            signedHeaders = first(query, "X-Amz-SignedHeaders");
            signature = first(query, "X-Amz-Signature");
            amzDate = first(query, "X-Amz-Date");
            if (credential == null || signedHeaders == null || !ALGORITHM.equals(first(query, "X-Amz-Algorithm"))) {
                return new Refusal(Failure.INCOMPLETE, "AWS query-string parameters must include 'X-Amz-Algorithm', "
                        + "'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-SignedHeaders' and 'X-Amz-Date'.");
            }
        } else {
            return new Refusal(Failure.MISSING, Failure.MISSING.message);
        }
        if (amzDate == null) {
            return new Refusal(Failure.INCOMPLETE, "Authorization header requires existence of either a 'X-Amz-Date' "
                    + "or a 'Date' header.");
        }
        String[] scope = credential.split("/", 2);
        if (scope.length < 2 || scope[1].split("/").length != 4) {
            return new Refusal(Failure.INCOMPLETE, "Credential should be scoped to a valid region, not '"
                    + credential + "'.");
        }
        String secret = secrets.get(scope[0]);
        if (secret == null) {
            return new Refusal(Failure.UNKNOWN_KEY, Failure.UNKNOWN_KEY.message);
        }
        String canonical = canonicalRequest(r, query, signedHeaders, doubleEncodePath, presigned);
        String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + scope[1] + "\n" + hex(sha256(utf8(canonical)));
        String[] parts = scope[1].split("/");
        byte[] key = hmac(utf8("AWS4" + secret), parts[0]);
        for (int i = 1; i < 4; i++) {
            key = hmac(key, parts[i]);
        }
        String expected = hex(hmac(key, stringToSign));
        if (!MessageDigest.isEqual(utf8(expected), utf8(signature.toLowerCase()))) {
            return new Refusal(Failure.MISMATCH, Failure.MISMATCH.message);
        }
        return presigned ? null : expired(amzDate);
    }

    /**
     * A signed request is good for 15 minutes either side of its X-Amz-Date
     * (https://docs.aws.amazon.com/IAM/latest/UserGuide/signature-v4-troubleshooting.html, "Request signature
     * expired"); a presigned URL's own expiry is S3's business (S3Proxy checks it).
     */
    private static Refusal expired(String amzDate) {
        java.time.Instant signed;
        try {
            signed = java.time.LocalDateTime.parse(amzDate, AMZ_DATE).toInstant(java.time.ZoneOffset.UTC);
        } catch (java.time.format.DateTimeParseException e) {
            return new Refusal(Failure.INCOMPLETE, "Date must be in ISO-8601 'basic format'. Got '" + amzDate
                    + "'. See http://en.wikipedia.org/wiki/ISO_8601");
        }
        java.time.Instant now = java.time.Instant.now();
        java.time.Duration skew = java.time.Duration.ofMinutes(15);
        if (signed.isBefore(now.minus(skew))) {
            return new Refusal(Failure.MISMATCH, "Signature expired: " + amzDate + " is now earlier than "
                    + AMZ_DATE.format(now.minus(skew).atOffset(java.time.ZoneOffset.UTC)) + " ("
                    + AMZ_DATE.format(now.atOffset(java.time.ZoneOffset.UTC)) + " - 15 min.)");
        }
        if (signed.isAfter(now.plus(skew))) {
            return new Refusal(Failure.MISMATCH, "Signature not yet current: " + amzDate + " is still later than "
                    + AMZ_DATE.format(now.plus(skew).atOffset(java.time.ZoneOffset.UTC)) + " ("
                    + AMZ_DATE.format(now.atOffset(java.time.ZoneOffset.UTC)) + " + 15 min.)");
        }
        return null;
    }

    private static final java.time.format.DateTimeFormatter AMZ_DATE =
            java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private static String canonicalRequest(ApiRequest r, Map<String, List<String>> query, String signedHeaders,
            boolean doubleEncodePath, boolean presigned) {
        StringBuilder sb = new StringBuilder();
        sb.append(r.method()).append('\n');
        String path = r.path().isEmpty() ? "/" : r.path();
        sb.append(doubleEncodePath ? encode(path, false) : path).append('\n');
        TreeMap<String, List<String>> sorted = new TreeMap<>();
        query.forEach((k, vs) -> {
            if (presigned && k.equals("X-Amz-Signature")) {
                return;
            }
            List<String> encoded = new ArrayList<>();
            vs.forEach(v -> encoded.add(encode(v, true)));
            encoded.sort(null);
            sorted.computeIfAbsent(encode(k, true), x -> new ArrayList<>()).addAll(encoded);
        });
        List<String> pairs = new ArrayList<>();
        sorted.forEach((k, vs) -> vs.forEach(v -> pairs.add(k + "=" + v)));
        sb.append(String.join("&", pairs)).append('\n');
        for (String h : signedHeaders.split(";")) {
            List<String> values = new ArrayList<>();
            r.headers().forEach((name, vs) -> {
                if (name != null && name.equalsIgnoreCase(h)) {
                    vs.forEach(v -> values.add(v.trim().replaceAll("\\s+", " ")));
                }
            });
            sb.append(h.toLowerCase()).append(':').append(String.join(",", values)).append('\n');
        }
        sb.append('\n').append(signedHeaders).append('\n');
        String payloadHash = r.header("X-Amz-Content-Sha256");
        sb.append(payloadHash != null ? payloadHash : hex(sha256(r.body())));
        return sb.toString();
    }

    /** Query parameters percent-decoded ('+' stays '+', as SigV4 canonicalization reads them). */
    private static Map<String, List<String>> queryParameters(String raw) {
        Map<String, List<String>> out = new TreeMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }

    private static String first(Map<String, List<String>> query, String key) {
        List<String> v = query.get(key);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static String group(Pattern p, String s) {
        Matcher m = p.matcher(s);
        return m.find() ? m.group(1) : null;
    }

    /** RFC 3986 percent-encoding of everything but unreserved characters (and '/' unless {@code slash}). */
    static String encode(String s, boolean slash) {
        StringBuilder sb = new StringBuilder();
        for (byte b : utf8(s)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~' || (c == '/' && !slash)) {
                sb.append(c);
            } else {
                sb.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return sb.toString();
    }

    private static String decode(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                try {
                    out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                    i += 2;
                    continue;
                } catch (NumberFormatException e) {
                    // a lone '%': kept as is
                }
            }
            byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
            out.write(b, 0, b.length);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(utf8(data));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
