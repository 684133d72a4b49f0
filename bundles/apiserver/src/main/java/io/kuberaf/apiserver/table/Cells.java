package io.kuberaf.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What the printers share: ages, label and selector text, container lists, "&lt;none&gt;". */
public final class Cells {

    public static final String NONE = "<none>";
    public static final String UNKNOWN = "<unknown>";
    public static final String UNSET = "<unset>";

    private Cells() {
    }

    // ---- values ----

    /** The text of a field, "" when absent or null. */
    public static String text(JsonNode node) {
        return node == null || node.isMissingNode() || node.isNull() ? "" : node.asText();
    }

    /** The text of a field, or {@code fallback} when it is absent or empty. */
    public static String textOr(JsonNode node, String fallback) {
        String text = text(node);
        return text.isEmpty() ? fallback : text;
    }

    /** An integer field as a long (JSON integer in the Table), 0 when absent. */
    public static long integer(JsonNode node) {
        return node == null || !node.isNumber() ? 0L : node.asLong();
    }

    /** An optional integer field (a pointer in Go), {@code fallback} when absent: what defaulting would have set. */
    public static long integerOr(JsonNode node, long fallback) {
        return node == null || !node.isNumber() ? fallback : node.asLong();
    }

    public static boolean present(JsonNode node) {
        return node != null && !node.isMissingNode() && !node.isNull();
    }

    public static String name(JsonNode object) {
        return text(object.path("metadata").path("name"));
    }

    public static int size(JsonNode node) {
        return node == null ? 0 : node.size();
    }

    // ---- time ----

    /** The AGE cell: {@code translateTimestampSince(metadata.creationTimestamp)}. */
    public static String age(JsonNode object, Instant now) {
        return since(object.path("metadata").path("creationTimestamp"), now);
    }

    /** Human duration from a timestamp to now, "&lt;unknown&gt;" for an absent (zero) timestamp. */
    public static String since(JsonNode timestamp, Instant now) {
        Instant t = instant(timestamp);
        return t == null ? UNKNOWN : humanDuration(Duration.between(t, now));
    }

    /** An RFC 3339 time (metav1.Time or MicroTime), or null when absent, zero or unparseable. */
    public static Instant instant(JsonNode timestamp) {
        String text = text(timestamp);
        if (text.isEmpty()) {
            return null;
        }
        Instant instant;
        try {
            instant = OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
        return instant.getEpochSecond() <= ZERO_TIME ? null : instant;
    }

    /** Go's zero time.Time, 0001-01-01T00:00:00Z, which metav1.Time treats as unset. */
    private static final long ZERO_TIME = -62135596800L;

    /**
     * apimachinery's {@code duration.HumanDuration}: about two or three significant figures,
     * "5s", "3m20s", "15m", "5h3m", "20h", "2d5h", "30d", "2y45d", "10y".
     */
    public static String humanDuration(Duration d) {
        long seconds = d.toMillis() / 1000; // truncates toward zero, as int(d.Seconds()) does
        if (seconds < -1) {
            return "<invalid>";
        } else if (seconds < 0) {
            return "0s";
        } else if (seconds < 60 * 2) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 10) {
            long s = seconds % 60;
            return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
        } else if (minutes < 60 * 3) {
            return minutes + "m";
        }
        long hours = seconds / 3600;
        if (hours < 8) {
            long m = minutes % 60;
            return m == 0 ? hours + "h" : hours + "h" + m + "m";
        } else if (hours < 48) {
            return hours + "h";
        } else if (hours < 24 * 8) {
            long h = hours % 24;
            return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
        } else if (hours < 24 * 365 * 2) {
            return hours / 24 + "d";
        } else if (hours < 24 * 365 * 8) {
            long dy = (hours / 24) % 365;
            return dy == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + dy + "d";
        }
        return hours / 24 / 365 + "y";
    }

    // ---- labels and selectors ----

    /** {@code labels.FormatLabels}: "k1=v1,k2=v2" sorted by key, "&lt;none&gt;" when empty. */
    public static String formatLabels(JsonNode map) {
        String text = labels(map);
        return text.isEmpty() ? NONE : text;
    }

    /** {@code labels.Set.String()}: "k1=v1,k2=v2" sorted by key, "" when empty. */
    public static String labels(JsonNode map) {
        if (map == null || !map.isObject()) {
            return "";
        }
        Map<String, String> sorted = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            sorted.put(e.getKey(), text(e.getValue()));
        }
        List<String> pieces = new ArrayList<>();
        sorted.forEach((k, v) -> pieces.add(k + "=" + v));
        return String.join(",", pieces);
    }

    /** {@code metav1.FormatLabelSelector}: the selector text, "&lt;none&gt;" when it selects everything or nothing. */
    public static String formatLabelSelector(JsonNode selector) {
        String text = selectorString(selector);
        return text.isEmpty() ? NONE : text;
    }

    /**
     * {@code LabelSelectorAsSelector(s).String()}: requirements sorted by key, "k=v", "k in (a,b)",
     * "k notin (a,b)", "k", "!k"; "" for a nil or empty selector, "&lt;error&gt;" for a bad operator.
     */
    public static String selectorString(JsonNode selector) {
        if (selector == null || !selector.isObject()) {
            return "";
        }
        record Requirement(String key, String text) {
        }
        List<Requirement> requirements = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = selector.path("matchLabels").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            requirements.add(new Requirement(e.getKey(), e.getKey() + "=" + text(e.getValue())));
        }
        for (JsonNode expression : selector.path("matchExpressions")) {
            String key = text(expression.path("key"));
            List<String> values = new ArrayList<>();
            expression.path("values").forEach(v -> values.add(text(v)));
            values.sort(Comparator.naturalOrder());
            String text = switch (text(expression.path("operator"))) {
                case "In" -> key + " in (" + String.join(",", values) + ")";
                case "NotIn" -> key + " notin (" + String.join(",", values) + ")";
                case "Exists" -> key;
                case "DoesNotExist" -> "!" + key;
                default -> null;
            };
            if (text == null) {
                return "<error>";
            }
            requirements.add(new Requirement(key, text));
        }
        requirements.sort(Comparator.comparing(Requirement::key));
        List<String> pieces = new ArrayList<>();
        requirements.forEach(r -> pieces.add(r.text()));
        return String.join(",", pieces);
    }

    // ---- containers ----

    /** {@code layoutContainerCells}: the containers' names joined by ",". */
    public static String containerNames(JsonNode podSpec) {
        return joinContainers(podSpec, "name");
    }

    /** {@code layoutContainerCells}: the containers' images joined by ",". */
    public static String containerImages(JsonNode podSpec) {
        return joinContainers(podSpec, "image");
    }

    private static String joinContainers(JsonNode podSpec, String field) {
        List<String> values = new ArrayList<>();
        podSpec.path("containers").forEach(c -> values.add(text(c.path(field))));
        return String.join(",", values);
    }

    /** "a,b,c + 2 more..." as the printers shorten long lists; {@code empty} when there is nothing. */
    public static String listWithMore(List<String> shown, int total, int max, String empty) {
        String joined = String.join(",", shown);
        if (total > max) {
            return joined + " + " + (total - max) + " more...";
        }
        return joined.isEmpty() ? empty : joined;
    }
}
