package io.kuberaf.apiserver.admission;

import java.math.BigDecimal;

/** Resource quantities ("100m", "1Gi", "2e3") as numbers, to compare requests with limits. */
final class Quantities {

    private Quantities() {
    }

    /** The value of a quantity, or null when it does not parse. */
    static BigDecimal parse(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        String[][] suffixes = {{"Ki", "1024"}, {"Mi", "1048576"}, {"Gi", "1073741824"}, {"Ti", "1099511627776"},
                {"Pi", "1125899906842624"}, {"Ei", "1152921504606846976"}, {"n", "1e-9"}, {"u", "1e-6"}, {"m", "1e-3"},
                {"k", "1e3"}, {"M", "1e6"}, {"G", "1e9"}, {"T", "1e12"}, {"P", "1e15"}, {"E", "1e18"}};
        try {
            for (String[] suffix : suffixes) {
                if (text.endsWith(suffix[0]) && text.length() > suffix[0].length()) {
                    return new BigDecimal(text.substring(0, text.length() - suffix[0].length())).multiply(new BigDecimal(suffix[1]));
                }
            }
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static boolean equal(String a, String b) {
        BigDecimal x = parse(a);
        BigDecimal y = parse(b);
        return x != null && y != null ? x.compareTo(y) == 0 : a.equals(b);
    }
}
