package org.wdlbatch.emulator.sts;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.wdlbatch.emulator.http.ApiRequest;
import org.wdlbatch.emulator.http.ApiResponse;
import org.wdlbatch.emulator.http.ServiceApi;

/** STS GetCallerIdentity on the query protocol, so clients can check their credentials against the emulator. */
public final class StsApi implements ServiceApi {

    private static final String NS = "https://sts.amazonaws.com/doc/2011-06-15/";
    private final String account;

    public StsApi(String account) {
        this.account = account;
    }

    @Override
    public ApiResponse handle(ApiRequest request) {
        Map<String, String> form = ApiRequest.parseForm(request.bodyText());
        form.putAll(request.query());
        String action = form.get("Action");
        String requestId = UUID.randomUUID().toString();
        if (!"GetCallerIdentity".equals(action)) {
            String xml = "<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type><Code>InvalidAction</Code>"
                    + "<Message>Could not find operation " + escape(String.valueOf(action)) + " for version 2011-06-15"
                    + "</Message></Error><RequestId>" + requestId + "</RequestId></ErrorResponse>";
            return ApiResponse.of(400, "text/xml", xml.getBytes(StandardCharsets.UTF_8));
        }
        String xml = "<GetCallerIdentityResponse xmlns=\"" + NS + "\"><GetCallerIdentityResult>"
                + "<Arn>arn:aws:iam::" + account + ":user/aws-emulator</Arn>"
                + "<UserId>AIDAEMULATOR000000001</UserId><Account>" + account + "</Account>"
                + "</GetCallerIdentityResult><ResponseMetadata><RequestId>" + requestId
                + "</RequestId></ResponseMetadata></GetCallerIdentityResponse>";
        return ApiResponse.of(200, "text/xml", xml.getBytes(StandardCharsets.UTF_8));
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
