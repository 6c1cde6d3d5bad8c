package org.wdlbatch.emulator.batch;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.wdlbatch.emulator.http.AwsServiceException;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallLocation;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.traits.MapTrait;
import software.amazon.awssdk.services.batch.model.CancelJobRequest;
import software.amazon.awssdk.services.batch.model.DeregisterJobDefinitionRequest;
import software.amazon.awssdk.services.batch.model.DescribeComputeEnvironmentsRequest;
import software.amazon.awssdk.services.batch.model.DescribeJobDefinitionsRequest;
import software.amazon.awssdk.services.batch.model.DescribeJobQueuesRequest;
import software.amazon.awssdk.services.batch.model.DescribeJobsRequest;
import software.amazon.awssdk.services.batch.model.ListJobsRequest;
import software.amazon.awssdk.services.batch.model.RegisterJobDefinitionRequest;
import software.amazon.awssdk.services.batch.model.SubmitJobRequest;
import software.amazon.awssdk.services.batch.model.TagResourceRequest;
import software.amazon.awssdk.services.batch.model.TerminateJobRequest;

/**
 * Checks a Batch request body against the Batch API model, as AWS does before looking at values: every member
 * must be one the operation's input shape has (a misspelt {@code "containerOverides"} is refused, not ignored),
 * each value of the member's JSON type, and each enum member one of its values
 * (https://docs.aws.amazon.com/batch/latest/APIReference/API_SubmitJob.html and the other operations' pages list
 * the members; ResourceRequirement's {@code type} is {@code GPU | VCPU | MEMORY}, and so on). The model is the AWS
 * SDK's own (the batch jar on the class path), so no member list is typed by hand. Batch answers these with HTTP
 * 400 ClientException (https://docs.aws.amazon.com/batch/latest/APIReference/CommonErrors.html).
 */
final class BatchRequestShape {

    private static final Map<String, Supplier<SdkPojo>> OPERATIONS = Map.ofEntries(
            Map.entry("/v1/registerjobdefinition", RegisterJobDefinitionRequest::builder),
            Map.entry("/v1/deregisterjobdefinition", DeregisterJobDefinitionRequest::builder),
            Map.entry("/v1/describejobdefinitions", DescribeJobDefinitionsRequest::builder),
            Map.entry("/v1/submitjob", SubmitJobRequest::builder),
            Map.entry("/v1/describejobs", DescribeJobsRequest::builder),
            Map.entry("/v1/listjobs", ListJobsRequest::builder),
            Map.entry("/v1/terminatejob", TerminateJobRequest::builder),
            Map.entry("/v1/canceljob", CancelJobRequest::builder),
            Map.entry("/v1/describejobqueues", DescribeJobQueuesRequest::builder),
            Map.entry("/v1/describecomputeenvironments", DescribeComputeEnvironmentsRequest::builder),
            Map.entry("/v1/tags", TagResourceRequest::builder));

    /** Enum values per (model class, member), found once. */
    private static final Map<String, Set<String>> ENUMS = new ConcurrentHashMap<>();

    private BatchRequestShape() {}

    /** Throws ClientException for the first member the operation's input shape does not allow. */
    static void check(String operationPath, JsonNode body) {
        Supplier<SdkPojo> shape = OPERATIONS.get(operationPath.startsWith("/v1/tags/") ? "/v1/tags" : operationPath);
        if (shape == null || body == null) {
            return;
        }
        structure(shape.get(), body, "");
    }

    private static void structure(SdkPojo shape, JsonNode value, String path) {
        if (!value.isObject()) {
            throw type(path, "a structure", value);
        }
        Map<String, SdkField<?>> fields = new java.util.LinkedHashMap<>();
        for (SdkField<?> f : shape.sdkFields()) {
            if (f.location() == MarshallLocation.PAYLOAD) {
                fields.put(f.locationName(), f);
            }
        }
        Iterator<Map.Entry<String, JsonNode>> it = value.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String where = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            SdkField<?> f = fields.get(e.getKey());
            if (f == null) {
                throw BatchValidation.client("Error executing request, Exception : Unrecognized field \"" + e.getKey()
                        + "\"" + (path.isEmpty() ? "" : " in " + path) + ", not one of " + new TreeSet<>(fields.keySet()));
            }
            if (e.getValue().isNull()) {
                continue;
            }
            member(shape, f, e.getValue(), where);
        }
    }

    private static void member(SdkPojo owner, SdkField<?> f, JsonNode v, String where) {
        MarshallingType<?> t = f.marshallingType();
        if (t == MarshallingType.SDK_POJO) {
            structure(f.constructor().get(), v, where);
        } else if (t == MarshallingType.LIST) {
            if (!v.isArray()) {
                throw type(where, "a list", v);
            }
            SdkField<?> element = f.getRequiredTrait(ListTrait.class).memberFieldInfo();
            Set<String> enumValues = enumValues(owner, f, true);
            int i = 0;
            for (JsonNode x : v) {
                String at = where + "[" + i++ + "]";
                if (enumValues != null) {
                    enumValue(x, enumValues, at);
                } else if (!x.isNull()) {
                    member(owner, element, x, at);
                }
            }
        } else if (t == MarshallingType.MAP) {
            if (!v.isObject()) {
                throw type(where, "a map", v);
            }
            SdkField<?> valueField = f.getRequiredTrait(MapTrait.class).valueFieldInfo();
            Iterator<Map.Entry<String, JsonNode>> it = v.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isNull()) {
                    member(owner, valueField, e.getValue(), where + "." + e.getKey());
                }
            }
        } else if (t == MarshallingType.STRING) {
            if (!v.isTextual()) {
                throw type(where, "a string", v);
            }
            Set<String> enumValues = f.memberName() == null ? null : enumValues(owner, f, false);
            if (enumValues != null) {
                enumValue(v, enumValues, where);
            }
        } else if (t == MarshallingType.INTEGER || t == MarshallingType.LONG) {
            if (!v.isIntegralNumber()) {
                throw type(where, "an integer", v);
            }
        } else if (t == MarshallingType.BOOLEAN) {
            if (!v.isBoolean()) {
                throw type(where, "a boolean", v);
            }
        } else if (t == MarshallingType.DOUBLE || t == MarshallingType.FLOAT) {
            if (!v.isNumber()) {
                throw type(where, "a number", v);
            }
        }
    }

    private static void enumValue(JsonNode v, Set<String> allowed, String where) {
        if (!v.isTextual() || !allowed.contains(v.asText())) {
            throw BatchValidation.client("Error executing request, Exception : " + v + " is not a valid value for "
                    + where + ", valid values: " + allowed);
        }
    }

    private static AwsServiceException type(String where, String expected, JsonNode v) {
        return BatchValidation.client("Error executing request, Exception : " + where + " must be " + expected
                + ", not " + v);
    }

    /**
     * The values of an enum member: the model class has {@code xAsString()} (or {@code xAsStrings()} for a list)
     * next to {@code x()}, which returns the SDK's enum type (or a list of it) with its {@code knownValues()}.
     * Null when the member is not an enum. The owner is a builder; its enclosing class is the model class.
     */
    private static Set<String> enumValues(SdkPojo owner, SdkField<?> f, boolean list) {
        Class<?> model = owner.getClass().getEnclosingClass() != null ? owner.getClass().getEnclosingClass()
                : owner.getClass();
        String name = Character.toLowerCase(f.memberName().charAt(0)) + f.memberName().substring(1);
        Set<String> values = ENUMS.computeIfAbsent(model.getName() + "#" + name + (list ? "[]" : ""), k -> {
            try {
                model.getMethod(name + (list ? "AsStrings" : "AsString"));
                Method getter = model.getMethod(name);
                Type rt = getter.getGenericReturnType();
                Class<?> enumType = list && rt instanceof ParameterizedType p
                        && p.getActualTypeArguments()[0] instanceof Class<?> c ? c : getter.getReturnType();
                if (!enumType.isEnum()) {
                    return Set.of();
                }
                Set<String> known = new TreeSet<>();
                for (Object e : (Set<?>) enumType.getMethod("knownValues").invoke(null)) {
                    known.add(e.toString());
                }
                return known;
            } catch (ReflectiveOperationException e) {
                return Set.of(); // no xAsString(): not an enum member
            }
        });
        return values.isEmpty() ? null : values;
    }
}
