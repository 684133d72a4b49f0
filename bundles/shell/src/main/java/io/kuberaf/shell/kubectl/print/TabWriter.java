package io.kuberaf.shell.kubectl.print;

import java.util.ArrayList;
import java.util.List;

/**
 * Go's text/tabwriter, which kubectl's tables and describe output go through: text is cut into
 * tab-terminated cells; a column block is a run of consecutive lines that have a cell in that column,
 * and each block is as wide as its widest cell plus the padding (at least minWidth). The last cell
 * of a line is not part of a column. Text is kept until {@link #flush()}.
 */
public final class TabWriter {

    private final int minWidth;
    private final int padding;
    private final StringBuilder out = new StringBuilder();
    private final List<List<String>> lines = new ArrayList<>();
    private final StringBuilder pending = new StringBuilder();
    private final List<Integer> widths = new ArrayList<>();
    private final List<Integer> remembered = new ArrayList<>();
    private boolean rememberWidths;

    public TabWriter(int minWidth, int padding) {
        this.minWidth = minWidth;
        this.padding = padding;
    }

    /** kubectl get's writer: minimum width 6, padding 3. */
    public static TabWriter forTables() {
        return new TabWriter(6, 3);
    }

    /** kubectl describe's writer: no minimum, padding 2. */
    public static TabWriter forDescribe() {
        return new TabWriter(0, 2);
    }

    /** Keeps column widths from one flush to the next (kubectl get -w: later rows stay aligned). */
    public TabWriter rememberWidths() {
        rememberWidths = true;
        return this;
    }

    public TabWriter write(String text) {
        pending.append(text);
        int newline;
        while ((newline = pending.indexOf("\n")) >= 0) {
            lines.add(cells(pending.substring(0, newline)));
            pending.delete(0, newline + 1);
        }
        return this;
    }

    /** Formats everything written so far (a trailing line without newline is emitted as is) and returns it. */
    public String flush() {
        boolean trailing = pending.length() > 0;
        if (trailing) {
            lines.add(cells(pending.toString()));
            pending.setLength(0);
        }
        format(0, lines.size());
        if (trailing) {
            out.setLength(out.length() - 1);
        }
        lines.clear();
        String text = out.toString();
        out.setLength(0);
        return text;
    }

    private static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        int start = 0;
        int tab;
        while ((tab = line.indexOf('\t', start)) >= 0) {
            cells.add(line.substring(start, tab));
            start = tab + 1;
        }
        cells.add(line.substring(start));
        return cells;
    }

    private void format(int line0, int line1) {
        int column = widths.size();
        for (int current = line0; current < line1; current++) {
            if (column >= lines.get(current).size() - 1) {
                continue;
            }
            writeLines(line0, current);
            line0 = current;
            int width = minWidth;
            for (; current < line1; current++) {
                List<String> line = lines.get(current);
                if (column >= line.size() - 1) {
                    break;
                }
                width = Math.max(width, textWidth(line.get(column)) + padding);
            }
            if (rememberWidths) {
                width = remember(column, width);
            }
            widths.add(width);
            format(line0, current);
            widths.remove(widths.size() - 1);
            line0 = current;
            current--;
        }
        writeLines(line0, line1);
    }

    private int remember(int column, int width) {
        while (remembered.size() <= column) {
            remembered.add(0);
        }
        int wider = Math.max(width, remembered.get(column));
        remembered.set(column, wider);
        return wider;
    }

    private void writeLines(int line0, int line1) {
        for (int i = line0; i < line1; i++) {
            List<String> line = lines.get(i);
            for (int j = 0; j < line.size(); j++) {
                String cell = line.get(j);
                out.append(cell);
                if (j < widths.size()) {
                    out.append(" ".repeat(Math.max(0, widths.get(j) - textWidth(cell))));
                }
            }
            out.append('\n');
        }
    }

    private static int textWidth(String text) {
        return text.codePointCount(0, text.length());
    }
}
