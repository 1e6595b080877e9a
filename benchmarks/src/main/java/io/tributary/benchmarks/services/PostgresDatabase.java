package io.tributary.benchmarks.services;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A fresh database on the local PostgreSQL for one benchmark run, dropped on close (also when a service still
 * holds connections to it). The server is {@code PGHOST:PGPORT} as user {@code PGUSER} (password
 * {@code PGPASSWORD}), by default {@code 127.0.0.1:5432}, {@code postgres}, trust authentication — what
 * {@code deploy/run-local.sh} and the tests use.
 */
public final class PostgresDatabase implements AutoCloseable {

    private static final String HOST = env("PGHOST", "127.0.0.1");
    private static final String PORT = env("PGPORT", "5432");
    private static final String USER = env("PGUSER", "postgres");
    private static final String PASSWORD = env("PGPASSWORD", "");

    private final String name;

    private PostgresDatabase(String name) {
        this.name = name;
    }

    /** Why the benchmarks cannot use PostgreSQL here, or null when they can. */
    public static @Nullable String unavailable() {
        try (Connection connection = DriverManager.getConnection(url("postgres"), USER, PASSWORD)) {
            return null;
        } catch (SQLException e) {
            return "PostgreSQL is not reachable at " + HOST + ":" + PORT + " as " + USER + " (" + e.getMessage() + ")";
        }
    }

    /**
     * The server's version and the settings that shape the relay's and the saga's figures over minutes: without
     * autovacuum the outbox's dead rows and the tables' statistics are never refreshed (benchmarks/findings.md).
     */
    public static String describeServer() {
        try (Connection connection = DriverManager.getConnection(url("postgres"), USER, PASSWORD);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT current_setting('server_version'), current_setting('autovacuum'),"
                        + " current_setting('fsync'), current_setting('synchronous_commit'), current_setting('shared_buffers')")) {
            rs.next();
            return String.format(Locale.ROOT, "%s at %s:%s; autovacuum %s, fsync %s, synchronous_commit %s, shared_buffers %s",
                    rs.getString(1), HOST, PORT, rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5));
        } catch (SQLException e) {
            return "not reachable (" + e.getMessage() + ")";
        }
    }

    /** The query for {@link #serverActivity()}, chosen by the server's version on first use. */
    private static volatile @Nullable String activityQuery;

    /**
     * The server's WAL position and checkpoint count ({@code pg_stat_bgwriter} up to PostgreSQL 16,
     * {@code pg_stat_checkpointer} from 17); zeros when it cannot be asked.
     */
    static ServerActivity serverActivity() {
        try (Connection connection = DriverManager.getConnection(url("postgres"), USER, PASSWORD);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(activityQuery(statement))) {
            rs.next();
            return new ServerActivity(rs.getLong(1), rs.getLong(2));
        } catch (SQLException e) {
            return new ServerActivity(0, 0);
        }
    }

    private static String activityQuery(Statement statement) throws SQLException {
        String query = activityQuery;
        if (query == null) {
            boolean checkpointerView;
            try (ResultSet rs = statement.executeQuery("SELECT current_setting('server_version_num')::int >= 170000")) {
                rs.next();
                checkpointerView = rs.getBoolean(1);
            }
            query = "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint, "
                    + (checkpointerView ? "(SELECT num_timed + num_requested FROM pg_stat_checkpointer)"
                            : "(SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter)");
            activityQuery = query;
        }
        return query;
    }

    /** Creates {@code <prefix>_<random>}. */
    public static PostgresDatabase create(String prefix) {
        String name = (prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10)).toLowerCase(Locale.ROOT);
        admin("CREATE DATABASE " + name);
        return new PostgresDatabase(name);
    }

    public String name() {
        return name;
    }

    public String jdbcUrl() {
        return url(name);
    }

    public String user() {
        return USER;
    }

    public String password() {
        return PASSWORD;
    }

    /** Spring Boot arguments pointing a service's {@code spring.datasource} here. */
    public List<String> springArgs() {
        return List.of("--spring.datasource.url=" + jdbcUrl(), "--spring.datasource.username=" + USER,
                "--spring.datasource.password=" + PASSWORD);
    }

    /** An unpooled data source for this database. */
    public DataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(jdbcUrl());
        dataSource.setUser(USER);
        dataSource.setPassword(PASSWORD);
        return dataSource;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), USER, PASSWORD);
    }

    /** The first column of the first row of a query, as a long. */
    public long queryLong(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static void admin(String sql) {
        try (Connection connection = DriverManager.getConnection(url("postgres"), USER, PASSWORD);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    private static String url(String database) {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + database;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
