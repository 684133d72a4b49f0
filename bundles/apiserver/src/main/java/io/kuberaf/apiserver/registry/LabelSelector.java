package io.kuberaf.apiserver.registry;

import io.kuberaf.apiserver.http.ApiException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed {@code labelSelector} query parameter: {@code a=b}, {@code a==b}, {@code a!=b},
 * {@code a in (x,y)}, {@code a notin (x)}, {@code a}, {@code !a}, joined by commas.
 */
public final class LabelSelector {

    public static final LabelSelector EVERYTHING = new LabelSelector(List.of());

    private final List<Requirement> requirements;

    private LabelSelector(List<Requirement> requirements) {
        this.requirements = requirements;
    }

    enum Operator { EQUALS, NOT_EQUALS, IN, NOT_IN, EXISTS, DOES_NOT_EXIST }

    record Requirement(String key, Operator operator, Set<String> values) {
        boolean matches(Map<String, String> labels) {
            String value = labels.get(key);
            return switch (operator) {
                case EQUALS, IN -> value != null && values.contains(value);
                case NOT_EQUALS, NOT_IN -> value == null || !values.contains(value);
                case EXISTS -> value != null;
                case DOES_NOT_EXIST -> value == null;
            };
        }
    }

    public static LabelSelector parse(String text) {
        if (text == null || text.isBlank()) {
            return EVERYTHING;
        }
        List<Requirement> requirements = new ArrayList<>();
        for (String term : splitTerms(text)) {
            requirements.add(parseTerm(term.trim(), text));
        }
        return new LabelSelector(List.copyOf(requirements));
    }

    public boolean matches(Map<String, String> labels) {
        for (Requirement requirement : requirements) {
            if (!requirement.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    public boolean isEverything() {
        return requirements.isEmpty();
    }

    /** Splits on commas that are not inside a value set's parentheses. */
    private static List<String> splitTerms(String text) {
        List<String> terms = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                terms.add(text.substring(start, i));
                start = i + 1;
            }
        }
        terms.add(text.substring(start));
        return terms;
    }

    private static Requirement parseTerm(String term, String whole) {
        if (term.isEmpty()) {
            throw invalid(whole, "empty requirement");
        }
        if (term.startsWith("!")) {
            return new Requirement(key(term.substring(1).trim(), whole), Operator.DOES_NOT_EXIST, Set.of());
        }
        String[] setOps = {" notin ", " in "};
        for (String op : setOps) {
            int at = term.indexOf(op);
            if (at > 0) {
                String values = term.substring(at + op.length()).trim();
                if (!values.startsWith("(") || !values.endsWith(")")) {
                    throw invalid(whole, "values of '" + op.trim() + "' must be in parentheses");
                }
                Set<String> set = Set.copyOf(List.of(values.substring(1, values.length() - 1).split("\\s*,\\s*")));
                return new Requirement(key(term.substring(0, at).trim(), whole),
                        op.trim().equals("in") ? Operator.IN : Operator.NOT_IN, set);
            }
        }
        int ne = term.indexOf("!=");
        if (ne > 0) {
            return new Requirement(key(term.substring(0, ne).trim(), whole), Operator.NOT_EQUALS,
                    Set.of(term.substring(ne + 2).trim()));
        }
        int eq = term.indexOf('=');
        if (eq > 0) {
            int valueStart = term.startsWith("==", eq) ? eq + 2 : eq + 1;
            return new Requirement(key(term.substring(0, eq).trim(), whole), Operator.EQUALS,
                    Set.of(term.substring(valueStart).trim()));
        }
        return new Requirement(key(term, whole), Operator.EXISTS, Set.of());
    }

    private static String key(String key, String whole) {
        if (key.isEmpty() || !key.matches("([a-z0-9A-Z.-]+/)?[a-zA-Z0-9]([-a-zA-Z0-9_.]*[a-zA-Z0-9])?")) {
            throw invalid(whole, "invalid label key \"" + key + "\"");
        }
        return key;
    }

    private static ApiException invalid(String selector, String why) {
        return ApiException.badRequest("unable to parse requirement: " + why + " in labelSelector \"" + selector + "\"");
    }
}
