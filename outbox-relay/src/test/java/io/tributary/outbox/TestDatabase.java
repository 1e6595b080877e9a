package io.tributary.outbox;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** A database of its own for one test suite on the local PostgreSQL, with the outbox migrated; dropped on close. */
final class TestDatabase implements AutoCloseable {

    static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    static final String USER = "postgres";

    private final String name;
    private final PGSimpleDataSource dataSource;

    private TestDatabase(String name) {
        this.name = name;
        this.dataSource = new PGSimpleDataSource();
        dataSource.setURL(url());
        dataSource.setUser(USER);
    }

    /** A new database with the outbox tables. */
    static TestDatabase create() {
        TestDatabase database = createEmpty();
        OutboxMigration.migrate(database.dataSource());
        return database;
    }

    /** A new, empty database, as a service's database before its first start. */
    static TestDatabase createEmpty() {
        String name = "relay_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        admin("CREATE DATABASE " + name);
        return new TestDatabase(name);
    }

    String url() {
        return SERVER + name;
    }

    DataSource dataSource() {
        return dataSource;
    }

    Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    void execute(String sql) {
        try (Connection connection = connection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    long count(String sql) {
        try (Connection connection = connection(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    @Override
    public void close() {
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static void admin(String sql) {
        try (Connection connection = DriverManager.getConnection(SERVER + "postgres", USER, "");
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
