package io.kuberaf.examples.webapp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;

/**
 * The seed's web app: serves on port 8080 at once, connects to MySQL in the background (retrying until it
 * answers), then shows the table's rows, read from the database at each request.
 */
public final class WebApp {

    private static final long RETRY_MILLIS = 2000;

    private final Settings settings;
    private final UsersTable table;
    private volatile String lastError = "not connected yet";

    private WebApp(Settings settings) {
        this.settings = settings;
        this.table = new UsersTable(settings);
    }

    public static void main(String[] args) throws IOException {
        new WebApp(Settings.fromEnvironment(System.getenv())).run();
    }

    private void run() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(settings.httpPort()), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        log("serving on port " + settings.httpPort() + "; database " + settings.database());
        // SIGTERM (the kubelet stopping the pod) runs this, and the JVM, PID 1, exits.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(0);
            table.close();
        }));
        Thread connector = new Thread(this::connectUntilReady, "connect-to-mysql");
        connector.setDaemon(true);
        connector.start();
    }

    private void connectUntilReady() {
        while (true) {
            try {
                table.connect();
                log("connected to MySQL at " + settings.database() + "; table " + UsersTable.TABLE + " is ready");
                return;
            } catch (SQLException e) {
                lastError = reason(e);
                log("waiting for MySQL at " + settings.database() + ": " + lastError);
            }
            try {
                Thread.sleep(RETRY_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!exchange.getRequestURI().getPath().equals("/")) {
                respond(exchange, 404, "text/plain", "Not found: the page is at /\n");
            } else if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                respond(exchange, 405, "text/plain", "Use GET\n");
            } else {
                servePage(exchange);
            }
        }
    }

    private void servePage(HttpExchange exchange) throws IOException {
        try {
            List<User> rows = table.rows();
            respond(exchange, 200, "text/html; charset=UTF-8", Page.rows(settings, rows));
        } catch (SQLException e) {
            lastError = reason(e);
            log("cannot read " + UsersTable.TABLE + " from " + settings.database() + ": " + lastError);
            respond(exchange, 503, "text/html; charset=UTF-8", Page.unavailable(settings, lastError));
        }
    }

    /** The driver's message, and what lies under it (the driver says "Socket fail to connect to mysql. mysql" for an unknown host). */
    static String reason(SQLException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof UnknownHostException) {
            return "unknown host " + root.getMessage() + " (UnknownHostException: is there a DNS name for it?)";
        }
        return root == e ? e.getMessage() : e.getMessage() + " (" + root + ")";
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static void log(String message) {
        System.out.println(Instant.now() + " " + message);
    }
}
