package io.kuberaf.apiserver.protobuf;

/** A duration in nanoseconds as Go's {@code time.Duration.String()} writes it: "1h2m3.5s", "250ms", "0s". */
final class GoDuration {

    private GoDuration() {
    }

    static String format(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        String sign = nanos < 0 ? "-" : "";
        // Long.MIN_VALUE has no positive twin; its magnitude still fits an unsigned long.
        long magnitude = Math.abs(nanos);
        if (nanos == Long.MIN_VALUE) {
            return "-2562047h47m16.854775808s";
        }
        if (magnitude < 1_000_000_000L) {
            if (magnitude < 1_000L) {
                return sign + magnitude + "ns";
            }
            if (magnitude < 1_000_000L) {
                return sign + fraction(magnitude, 1_000L) + "µs";
            }
            return sign + fraction(magnitude, 1_000_000L) + "ms";
        }
        long hours = magnitude / 3_600_000_000_000L;
        long minutes = magnitude / 60_000_000_000L % 60;
        String seconds = fraction(magnitude % 60_000_000_000L, 1_000_000_000L) + "s";
        if (hours > 0) {
            return sign + hours + "h" + minutes + "m" + seconds;
        }
        if (minutes > 0) {
            return sign + minutes + "m" + seconds;
        }
        return sign + seconds;
    }

    /** {@code value / unit} with the remainder as decimals, trailing zeros dropped. */
    private static String fraction(long value, long unit) {
        long whole = value / unit;
        long rest = value % unit;
        if (rest == 0) {
            return Long.toString(whole);
        }
        String digits = Long.toString(unit + rest).substring(1).replaceAll("0+$", "");
        return whole + "." + digits;
    }
}
