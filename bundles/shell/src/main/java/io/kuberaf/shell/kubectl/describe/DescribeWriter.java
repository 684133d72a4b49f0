package io.kuberaf.shell.kubectl.describe;

import io.kuberaf.shell.kubectl.print.TabWriter;

/** kubectl describe's prefix writer: two spaces per level, all through one tab writer. */
final class DescribeWriter {

    private final TabWriter tabs = TabWriter.forDescribe();
    private final StringBuilder done = new StringBuilder();

    void write(int level, String format, Object... args) {
        tabs.write("  ".repeat(level) + (args.length == 0 ? format : String.format(format, args)));
    }

    /** Text with a newline and no indentation (Go's WriteLine). */
    void line(String text) {
        tabs.write(text + "\n");
    }

    /** Ends the current column blocks (kubectl flushes before the Events table). */
    void flush() {
        done.append(tabs.flush());
    }

    String text() {
        flush();
        return done.toString();
    }
}
