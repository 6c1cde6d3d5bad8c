package org.wdlbatch.cdk;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every IAM policy statement in a template: identity policies (roles, policies, managed policies) and the resource
 * policies of buckets and file systems, with where each comes from.
 */
final class PolicyStatements {

    record Statement(String source, Map<String, Object> json) {
        boolean allows() {
            return "Allow".equals(json.get("Effect"));
        }

        List<String> actions() {
            return Cfn.texts(json.get("Action"));
        }

        List<String> resources() {
            return Cfn.texts(json.get("Resource"));
        }

        String sid() {
            return String.valueOf(json.get("Sid"));
        }
    }

    private PolicyStatements() {}

    static List<Statement> of(Map<String, Object> template) {
        List<Statement> out = new ArrayList<>();
        Map<String, Object> resources = Cfn.map(template.get("Resources"));
        resources.forEach((logicalId, r) -> {
            String type = String.valueOf(Cfn.at(r, "Type"));
            Object props = Cfn.at(r, "Properties");
            switch (type) {
                case "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::S3::BucketPolicy" ->
                        addAll(out, logicalId, Cfn.at(props, "PolicyDocument"));
                case "AWS::IAM::Role" -> {
                    Object inline = Cfn.at(props, "Policies");
                    if (inline != null) {
                        Cfn.list(inline).forEach(p -> addAll(out, logicalId, Cfn.at(p, "PolicyDocument")));
                    }
                }
                case "AWS::EFS::FileSystem" -> addAll(out, logicalId, Cfn.at(props, "FileSystemPolicy"));
                default -> { }
            }
        });
        return out;
    }

    private static void addAll(List<Statement> out, String source, Object document) {
        if (document == null) {
            return;
        }
        Cfn.list(Cfn.at(document, "Statement")).forEach(s -> out.add(new Statement(source, Cfn.map(s))));
    }

    /**
     * The least-privilege rule: an Allow never uses a wildcard action, never NotAction/NotResource, and uses
     * resource {@code *} only for actions AWS offers no resource-level permission for
     * ({@link WildcardResourceActions}). Returns one line per breach.
     */
    static List<String> breaches(List<Statement> statements) {
        List<String> out = new ArrayList<>();
        for (Statement s : statements) {
            if (!s.allows()) {
                continue; // a Deny with a wide scope only takes permissions away
            }
            String where = s.source() + " statement " + s.sid();
            if (s.json().containsKey("NotAction") || s.json().containsKey("NotResource")) {
                out.add(where + ": NotAction/NotResource in an Allow");
            }
            for (String action : s.actions()) {
                if (action.contains("*")) {
                    out.add(where + ": wildcard action " + action);
                }
            }
            if (s.resources().contains("*")) {
                for (String action : s.actions()) {
                    if (!WildcardResourceActions.ACTIONS.containsKey(action)) {
                        out.add(where + ": " + action + " on resource *");
                    }
                }
            }
        }
        return out;
    }
}
