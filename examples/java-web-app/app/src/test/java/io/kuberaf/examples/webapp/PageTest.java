package io.kuberaf.examples.webapp;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PageTest {

    private final Settings settings = Settings.fromEnvironment(Map.of("MYSQL_SERVICE_HOST", "mysql", "MYSQL_SERVICE_PORT", "3306"));

    @Test
    void theSeedsEnvironmentGivesTheDatabaseAndTheSeedsRootPassword() {
        assertEquals("mysql:3306", settings.database());
        assertEquals("123456", settings.password());
        assertEquals("jdbc:mariadb://mysql:3306/?connectTimeout=3000&socketTimeout=10000", settings.jdbcUrl());
        assertEquals(8080, settings.httpPort());
    }

    @Test
    void rowsAreShownInATableWithTheirTextEscaped() {
        String page = Page.rows(settings, List.of(new User(1, "Zhang San", "admin"), new User(7, "<b>x</b>", "a&b")));
        assertTrue(page.contains("<tr><td>1</td><td>Zhang San</td><td>admin</td></tr>"), page);
        assertTrue(page.contains("<tr><td>7</td><td>&lt;b&gt;x&lt;/b&gt;</td><td>a&amp;b</td></tr>"), page);
        assertTrue(page.contains("MySQL at mysql:3306"), page);
    }

    @Test
    void anUnknownHostIsNamedUnderTheDriversMessage() {
        SQLException error = new SQLException("Socket fail to connect to mysql. mysql", "08000",
                new java.net.UnknownHostException("mysql"));
        assertEquals("unknown host mysql (UnknownHostException: is there a DNS name for it?)", WebApp.reason(error));
        SQLException refused = new SQLException("Socket fail to connect", "08000", new java.net.ConnectException("Connection refused"));
        assertEquals("Socket fail to connect (java.net.ConnectException: Connection refused)", WebApp.reason(refused));
    }

    @Test
    void anUnreachableDatabaseIsExplained() {
        String page = Page.unavailable(settings, "Socket fail to connect to host:mysql");
        assertTrue(page.contains("<h1>Waiting for the database</h1>"), page);
        assertTrue(page.contains("does not answer yet: Socket fail to connect to host:mysql"), page);
    }
}
