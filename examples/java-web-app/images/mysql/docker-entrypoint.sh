#!/bin/sh
# Entrypoint of the example's mysql:5.6 image, the part of the official image's behaviour the seed
# relies on: on first start (empty data directory) it creates the system tables and sets the root
# password from MYSQL_ROOT_PASSWORD for root@localhost and root@'%'; then the server runs in the
# foreground as PID 1 (it shuts down cleanly on SIGTERM) and logs to stderr.
set -eu

datadir=/var/lib/mysql
defaults=--defaults-file=/etc/mysql/my.cnf
share=/usr/share/mysql

log() {
    echo "$(date -u '+%Y-%m-%d %H:%M:%S') [Entrypoint]: $*" >&2
}

# A single-quoted SQL string literal.
sql_string() {
    printf "'%s'" "$(printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e "s/'/\\\\'/g")"
}

if [ "$(id -u)" = 0 ]; then
    mkdir -p "$datadir" /run/mysqld
    chown -R mysql:mysql "$datadir" /run/mysqld
fi

init_file=
if [ ! -d "$datadir/mysql" ]; then
    if [ -z "${MYSQL_ROOT_PASSWORD:-}" ] && [ -z "${MYSQL_ALLOW_EMPTY_PASSWORD:-}" ]; then
        log "error: database is uninitialized and password option is not specified"
        log "  You need to specify one of MYSQL_ROOT_PASSWORD or MYSQL_ALLOW_EMPTY_PASSWORD"
        exit 1
    fi
    log "Initializing the database in $datadir"
    # What mariadb-install-db feeds the server, without the help tables and the sys schema (MySQL 5.6 has
    # none) and without rows for this container's host name (it changes with every pod).
    {
        echo "CREATE DATABASE IF NOT EXISTS mysql;"
        echo "USE mysql;"
        echo "SET @auth_root_socket=NULL;"
        cat "$share/mysql_system_tables.sql" "$share/mysql_performance_tables.sql" \
            "$share/mysql_system_tables_data.sql" "$share/maria_add_gis_sp_bootstrap.sql"
    } | sed -e '/@current_hostname/d' \
      | mariadbd $defaults --bootstrap --user=mysql --log-warnings=0 --enforce-storage-engine="" \
            --max_allowed_packet=8M --net_buffer_length=16K
    password=$(sql_string "${MYSQL_ROOT_PASSWORD:-}")
    # Run by the server itself at its first start, before it accepts connections.
    init_file=/run/mysqld/init.sql
    cat >"$init_file" <<SQL
DELETE FROM mysql.global_priv WHERE User NOT IN ('mariadb.sys', 'root') OR Host != 'localhost';
FLUSH PRIVILEGES;
ALTER USER 'root'@'localhost' IDENTIFIED BY $password;
CREATE USER 'root'@'%' IDENTIFIED BY $password;
GRANT ALL ON *.* TO 'root'@'%' WITH GRANT OPTION;
DROP DATABASE IF EXISTS test;
SQL
    chown mysql:mysql "$init_file"
    chmod 600 "$init_file"
    log "Database initialized; root@localhost and root@'%' get MYSQL_ROOT_PASSWORD"
fi

log "Starting $(mariadbd --version)"
if [ -n "$init_file" ]; then
    exec mariadbd $defaults --user=mysql --init-file="$init_file" "$@"
fi
exec mariadbd $defaults --user=mysql "$@"
