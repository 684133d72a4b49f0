package io.kuberaf.runtime.simulated;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a simulated container "does", read from its command and args (no process runs):
 * <ul>
 *   <li>{@code true} exits 0 at once, {@code false} exits 1, {@code exit N} exits N;</li>
 *   <li>{@code sleep N} runs N seconds then exits 0 ({@code sleep infinity} runs forever);</li>
 *   <li>steps may be chained with {@code ;} or {@code &&} inside {@code sh -c "..."}: {@code sleep 2; exit 3}
 *       runs 2 s then exits 3;</li>
 *   <li>anything else (or no command: the image's default) runs until stopped.</li>
 * </ul>
 *
 * @param runFor   how long it runs; null for ever
 * @param exitCode its exit code when it ends by itself
 */
record Behaviour(Duration runFor, int exitCode) {

    static final Behaviour FOREVER = new Behaviour(null, 0);

    static Behaviour of(List<String> command, List<String> args) {
        List<String> words = new ArrayList<>(command);
        words.addAll(args);
        if (words.size() >= 3 && words.get(0).matches("(/bin/|/usr/bin/)?(sh|bash|ash)") && words.get(1).equals("-c")) {
            return script(words.get(2));
        }
        return script(String.join(" ", words));
    }

    private static Behaviour script(String script) {
        Duration total = Duration.ZERO;
        for (String step : script.split(";|&&")) {
            String[] word = step.trim().split("\\s+");
            if (word.length == 0 || word[0].isEmpty()) {
                continue;
            }
            switch (word[0]) {
                case "true", "/bin/true" -> {
                    return new Behaviour(total, 0);
                }
                case "false", "/bin/false" -> {
                    return new Behaviour(total, 1);
                }
                case "exit" -> {
                    return new Behaviour(total, word.length > 1 ? parseInt(word[1], 0) : 0);
                }
                case "sleep", "/bin/sleep" -> {
                    if (word.length < 2 || word[1].equals("infinity")) {
                        return FOREVER;
                    }
                    total = total.plus(seconds(word[1]));
                }
                default -> {
                    return FOREVER;
                }
            }
        }
        return total.isZero() ? FOREVER : new Behaviour(total, 0);
    }

    private static Duration seconds(String text) {
        try {
            return Duration.ofMillis((long) (Double.parseDouble(text.replaceAll("s$", "")) * 1000));
        } catch (NumberFormatException e) {
            return Duration.ZERO;
        }
    }

    private static int parseInt(String text, int otherwise) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
