package io.kuberaf.examples.webapp;

import java.util.Map;

/**
 * Where the database is and how to log in, from the container's environment as the seed's myweb-rc.yaml
 * sets it: MYSQL_SERVICE_HOST and MYSQL_SERVICE_PORT. The seed gives the web app no password: its image
 * logs in as root with the MYSQL_ROOT_PASSWORD of mysql-rc.yaml, "123456", which MYSQL_ROOT_PASSWORD
 * overrides here when set.
 */
record Settings(String host, int port, String user, String password, int httpPort) {

    static final String SEED_ROOT_PASSWORD = "123456";

    static Settings fromEnvironment(Map<String, String> env) {
        return new Settings(
                env.getOrDefault("MYSQL_SERVICE_HOST", "mysql"),
                Integer.parseInt(env.getOrDefault("MYSQL_SERVICE_PORT", "3306")),
                "root",
                env.getOrDefault("MYSQL_ROOT_PASSWORD", SEED_ROOT_PASSWORD),
                Integer.parseInt(env.getOrDefault("HTTP_PORT", "8080")));
    }

    String jdbcUrl() {
        // Short timeouts: a database that went away (its pod replaced) is noticed within seconds.
        return "jdbc:mariadb://" + host + ":" + port + "/?connectTimeout=3000&socketTimeout=10000";
    }

    String database() {
        return host + ":" + port;
    }
}
