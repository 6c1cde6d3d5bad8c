package org.wdlbatch.emulator.http;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides which emulated service a request on the shared endpoint is for. Signed requests name their service in
 * the SigV4 credential scope ({@code Credential=AKID/date/region/<service>/aws4_request}, or
 * {@code X-Amz-Credential} in a presigned URL); unsigned ones are told apart by their protocol's shape, and
 * whatever is left is S3.
 */
public final class ServiceRouter {

    public enum Service { BATCH, LOGS, EFS, STS, SAGEMAKER, ECR, SNS, EVENTS, S3, CONTROL }

    private static final Pattern SCOPE = Pattern.compile("Credential=[^/,\\s]*/\\d{8}/[^/]+/([^/]+)/aws4_request");
    private static final Pattern QUERY_SCOPE = Pattern.compile("(?:^|&)X-Amz-Credential=[^&]*?(?:/|%2F)\\d{8}(?:/|%2F)[^/&%]+(?:/|%2F)([^/&%]+)(?:/|%2F)aws4_request", Pattern.CASE_INSENSITIVE);

    private ServiceRouter() {}

    public static Service route(String method, String path, String rawQuery, Map<String, List<String>> headers) {
        if (path.startsWith("/_emulator/")) {
            return Service.CONTROL;
        }
        String scope = signingService(first(headers, "Authorization"), rawQuery);
        if (scope != null) {
            switch (scope) {
                case "batch": return Service.BATCH;
                case "logs": return Service.LOGS;
                case "elasticfilesystem": return Service.EFS;
                case "sts": return Service.STS;
                case "sagemaker": return Service.SAGEMAKER;
                case "ecr": return Service.ECR;
                case "sns": return Service.SNS;
                case "events": return Service.EVENTS;
                case "s3": return Service.S3;
                default: break; // unknown service: fall through to the protocol shape
            }
        }
        String target = first(headers, "X-Amz-Target");
        if (target != null && target.startsWith("Logs_")) {
            return Service.LOGS;
        }
        if (target != null && target.startsWith("SageMaker.")) {
            return Service.SAGEMAKER;
        }
        if (target != null && target.startsWith("AmazonEC2ContainerRegistry_")) {
            return Service.ECR;
        }
        if (target != null && target.startsWith("AWSEvents.")) {
            return Service.EVENTS;
        }
        if (path.startsWith("/v1/")) {
            return Service.BATCH;
        }
        if (path.startsWith("/2015-02-01/")) {
            return Service.EFS;
        }
        String contentType = first(headers, "Content-Type");
        if ("POST".equals(method) && "/".equals(path) && contentType != null
                && contentType.startsWith("application/x-www-form-urlencoded")) {
            return Service.STS;
        }
        return Service.S3;
    }

    /** The service name of the SigV4 credential scope, or null when the request is not signed that way. */
    public static String signingService(String authorization, String rawQuery) {
        if (authorization != null) {
            Matcher m = SCOPE.matcher(authorization);
            if (m.find()) {
                return m.group(1);
            }
        }
        if (rawQuery != null) {
            Matcher m = QUERY_SCOPE.matcher(rawQuery);
            if (m.find()) {
                return m.group(1);
            }
        }
        return null;
    }

    private static String first(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }
}
