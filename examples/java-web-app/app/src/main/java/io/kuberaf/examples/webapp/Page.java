package io.kuberaf.examples.webapp;

import java.util.List;

/** The HTML the web app serves: the table's rows, or why they cannot be shown right now. */
final class Page {

    private Page() {
    }

    static String rows(Settings settings, List<User> users) {
        StringBuilder table = new StringBuilder();
        table.append("<table border=\"1\">\n<tr><th>ID</th><th>Name</th><th>Level</th></tr>\n");
        for (User user : users) {
            table.append("<tr><td>").append(user.id()).append("</td><td>").append(escape(user.name()))
                    .append("</td><td>").append(escape(user.level())).append("</td></tr>\n");
        }
        table.append("</table>\n");
        return document("<h1>Congratulations! The Java web app reads MySQL through Kubernetes</h1>\n"
                + "<p>Rows of " + UsersTable.TABLE + " read from MySQL at " + escape(settings.database()) + ":</p>\n"
                + table);
    }

    static String unavailable(Settings settings, String reason) {
        return document("<h1>Waiting for the database</h1>\n<p>MySQL at " + escape(settings.database())
                + " does not answer yet: " + escape(reason) + "</p>\n<p>The app keeps trying; reload the page.</p>\n");
    }

    private static String document(String body) {
        return "<!DOCTYPE html>\n<html>\n<head><meta charset=\"UTF-8\"><title>kubeguide/tomcat-app</title></head>\n<body>\n"
                + body + "</body>\n</html>\n";
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
