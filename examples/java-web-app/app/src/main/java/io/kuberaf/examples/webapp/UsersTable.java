package io.kuberaf.examples.webapp;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The example's table in MySQL, over one JDBC connection that is opened again whenever it stopped
 * working. Every new connection first makes sure the database, the table and its rows exist: a MySQL
 * pod that the ReplicationController replaced starts with an empty data directory.
 */
final class UsersTable implements AutoCloseable {

    static final String DATABASE = "kubeguide";
    static final String TABLE = DATABASE + ".users";
    static final List<User> INITIAL_ROWS = List.of(
            new User(1, "Zhang San", "administrator"),
            new User(2, "Li Si", "developer"),
            new User(3, "Wang Wu", "operator"));

    private final Settings settings;
    private Connection connection;

    UsersTable(Settings settings) {
        this.settings = settings;
    }

    /** Connects if needed, creating and filling the table on a new connection. */
    synchronized void connect() throws SQLException {
        if (connection != null && connection.isValid(2)) {
            return;
        }
        close();
        Connection fresh = DriverManager.getConnection(settings.jdbcUrl(), settings.user(), settings.password());
        try {
            createAndFill(fresh);
        } catch (SQLException e) {
            fresh.close();
            throw e;
        }
        connection = fresh;
    }

    /** The rows as they are now in the database. */
    synchronized List<User> rows() throws SQLException {
        connect();
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT id, name, level FROM " + TABLE + " ORDER BY id")) {
            List<User> users = new ArrayList<>();
            while (result.next()) {
                users.add(new User(result.getInt(1), result.getString(2), result.getString(3)));
            }
            return users;
        } catch (SQLException e) {
            close();
            throw e;
        }
    }

    private static void createAndFill(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("CREATE DATABASE IF NOT EXISTS " + DATABASE);
            statement.executeUpdate("CREATE TABLE IF NOT EXISTS " + TABLE + " (id INT NOT NULL PRIMARY KEY,"
                    + " name VARCHAR(128) NOT NULL, level VARCHAR(128) NOT NULL)");
            for (User user : INITIAL_ROWS) {
                // INSERT IGNORE: several web app replicas may fill the table at once.
                statement.executeUpdate("INSERT IGNORE INTO " + TABLE + " (id, name, level) VALUES ("
                        + user.id() + ", '" + user.name() + "', '" + user.level() + "')");
            }
        }
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // the connection was already broken: nothing left to release
            }
            connection = null;
        }
    }
}
