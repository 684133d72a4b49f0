package io.kuberaf.shell.kubectl.describe;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** How kubectl formats times, durations and label sets. */
public final class Formats {

    private static final DateTimeFormatter RFC1123Z = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ROOT);

    private Formats() {
    }

    /** Go's time.RFC1123Z in the local zone: {@code Mon, 02 Jan 2006 15:04:05 -0700}. */
    static String rfc1123z(String timestamp) {
        if (timestamp == null || timestamp.isEmpty()) {
            return "Mon, 01 Jan 0001 00:00:00 +0000";
        }
        return ZonedDateTime.ofInstant(Instant.parse(timestamp), ZoneId.systemDefault()).format(RFC1123Z);
    }

    /** The age of a timestamp as kubectl prints it ("5s", "3m2s", "2d"), or {@code <unknown>}. */
    public static String since(String timestamp) {
        if (timestamp == null || timestamp.isEmpty()) {
            return "<unknown>";
        }
        return humanDuration(Duration.between(Instant.parse(timestamp), Instant.now()));
    }

    /** apimachinery's duration.HumanDuration. */
    public static String humanDuration(Duration duration) {
        long seconds = duration.getSeconds();
        if (seconds < -1) {
            return "<invalid>";
        } else if (seconds < 0) {
            return "0s";
        } else if (seconds < 60 * 2) {
            return seconds + "s";
        }
        long minutes = duration.toMinutes();
        if (minutes < 10) {
            long s = seconds % 60;
            return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
        } else if (minutes < 60 * 3) {
            return minutes + "m";
        }
        long hours = duration.toHours();
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
            long days = (hours / 24) % 365;
            return days == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + days + "d";
        }
        return hours / 24 / 365 + "y";
    }

    /** labels.FormatLabels: sorted {@code k=v} joined by commas, {@code <none>} when empty. */
    static String labels(JsonNode map) {
        Map<String, String> sorted = sorted(map);
        if (sorted.isEmpty()) {
            return "<none>";
        }
        List<String> pairs = new ArrayList<>();
        sorted.forEach((key, value) -> pairs.add(key + "=" + value));
        return String.join(",", pairs);
    }

    /** metav1.FormatLabelSelector. */
    static String selector(JsonNode selector) {
        if (selector == null || selector.isMissingNode() || selector.isNull()) {
            return "<none>";
        }
        List<String> terms = new ArrayList<>();
        sorted(selector.path("matchLabels")).forEach((key, value) -> terms.add(key + "=" + value));
        for (JsonNode expression : selector.path("matchExpressions")) {
            String key = expression.path("key").asText();
            List<String> values = new ArrayList<>();
            expression.path("values").forEach(value -> values.add(value.asText()));
            switch (expression.path("operator").asText()) {
                case "In": terms.add(key + " in (" + String.join(",", values) + ")"); break;
                case "NotIn": terms.add(key + " notin (" + String.join(",", values) + ")"); break;
                case "Exists": terms.add(key); break;
                case "DoesNotExist": terms.add("!" + key); break;
                default: terms.add(key + " " + expression.path("operator").asText());
            }
        }
        return terms.isEmpty() ? "<none>" : String.join(",", terms);
    }

    static Map<String, String> sorted(JsonNode map) {
        Map<String, String> sorted = new TreeMap<>();
        if (map != null) {
            map.fields().forEachRemaining(entry -> sorted.put(entry.getKey(), entry.getValue().asText()));
        }
        return sorted;
    }

    static String text(JsonNode node, String key) {
        return node.path(key).asText("");
    }
}
