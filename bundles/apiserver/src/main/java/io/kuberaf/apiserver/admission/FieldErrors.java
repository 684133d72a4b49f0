package io.kuberaf.apiserver.admission;

import com.fasterxml.jackson.databind.JsonNode;
import io.kuberaf.apiserver.discovery.ResourceType;
import io.kuberaf.apiserver.http.ApiException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Field errors collected while validating one object, worded as Kubernetes' field.Error does
 * ("Invalid value: \"x\": detail", "Required value", ...), and thrown together as one 422.
 */
final class FieldErrors {

    private final List<ApiException.Cause> causes = new ArrayList<>();
    private final Set<String> seen = new LinkedHashSet<>();

    void required(String field, String detail) {
        add("FieldValueRequired", field, "Required value" + detail(detail));
    }

    /** {@code value} is already formatted the way Go prints it (see {@link GoValues}). */
    void invalid(String field, String value, String detail) {
        add("FieldValueInvalid", field, "Invalid value: " + value + detail(detail));
    }

    void invalid(String field, JsonNode value, String detail) {
        invalid(field, GoValues.of(value), detail);
    }

    void invalidString(String field, String value, String detail) {
        invalid(field, GoValues.quote(value), detail);
    }

    void notSupported(String field, String value, List<String> supported) {
        List<String> quoted = supported.stream().map(GoValues::quote).toList();
        add("FieldValueNotSupported", field, "Unsupported value: " + GoValues.quote(value)
                + (quoted.isEmpty() ? "" : ": supported values: " + String.join(", ", quoted)));
    }

    void duplicate(String field, String value) {
        add("FieldValueDuplicate", field, "Duplicate value: " + value);
    }

    void forbidden(String field, String detail) {
        add("FieldValueForbidden", field, "Forbidden" + detail(detail));
    }

    void notFound(String field, String value) {
        add("FieldValueNotFound", field, "Not found: " + value);
    }

    void tooLong(String field, String detail) {
        add("FieldValueTooLong", field, "Too long" + detail(detail));
    }

    /** Each message of a format check (e.g. {@link Formats#dns1123Label}) as an Invalid value of a string. */
    boolean invalidEach(String field, String value, List<String> messages) {
        for (String message : messages) {
            invalidString(field, value, message);
        }
        return messages.isEmpty();
    }

    boolean isEmpty() {
        return causes.isEmpty();
    }

    List<ApiException.Cause> causes() {
        return causes;
    }

    /** Throws the 422 naming every cause, as kube-apiserver's NewInvalid does. */
    void throwIfAny(ResourceType type, String name) {
        if (!causes.isEmpty()) {
            throw ApiException.invalid(type.group(), type.kind(), name, List.copyOf(causes));
        }
    }

    private void add(String reason, String field, String message) {
        // kube-apiserver drops exact duplicates (ErrorList.ToAggregate)
        if (seen.add(field + ": " + message)) {
            causes.add(new ApiException.Cause(reason, message, field));
        }
    }

    private static String detail(String detail) {
        return detail == null || detail.isEmpty() ? "" : ": " + detail;
    }
}
