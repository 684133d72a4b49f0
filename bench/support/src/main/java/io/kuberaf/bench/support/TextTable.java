package io.kuberaf.bench.support;

import java.util.List;

/** A plain-text table: columns padded to their widest cell, two spaces apart, a dashed line under the header row. */
public final class TextTable {

    private TextTable() {
    }

    /**
     * The rows (the first is the header) as lines; column i is right-aligned if {@code rightAligned[i]},
     * left-aligned otherwise. Trailing blanks are stripped; the dashed line is as long as the padded header.
     */
    public static String render(List<String[]> rows, boolean... rightAligned) {
        int columns = rows.get(0).length;
        int[] w = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                w[i] = Math.max(w[i], row[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int ri = 0; ri < rows.size(); ri++) {
            String[] row = rows.get(ri);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(pad(row[i], w[i], i < rightAligned.length && rightAligned[i]))
                        .append(i < row.length - 1 ? "  " : "");
            }
            sb.append(line.toString().stripTrailing()).append('\n');
            if (ri == 0) {
                sb.append("-".repeat(line.length())).append('\n');
            }
        }
        return sb.toString();
    }

    public static String pad(String s, int width, boolean right) {
        String fill = " ".repeat(Math.max(0, width - s.length()));
        return right ? fill + s : s + fill;
    }
}
