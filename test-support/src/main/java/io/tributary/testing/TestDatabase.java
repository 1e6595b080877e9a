package io.tributary.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/** A database of its own for one test suite on the local PostgreSQL (trust authentication); dropped on close. */
public final class TestDatabase implements AutoCloseable {

    public static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    public static final String USER = "postgres";

    private final String name;
    private final PGSimpleDataSource dataSource = new PGSimpleDataSource();

    /** Creates an empty database named after {@code prefix} and a random suffix. */
    public TestDatabase(String prefix) {
        this.name = prefix + "_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        admin("CREATE DATABASE " + name);
        dataSource.setURL(url());
        dataSource.setUser(USER);
    }

    public String url() {
        return SERVER + name;
    }

    /** Unpooled: every call opens a new connection. */
    public DataSource dataSource() {
        return dataSource;
    }

    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    public void execute(String sql) {
        try (Connection connection = connection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** The first column of the first row of a query, e.g. a count. */
    public long count(String sql) {
        return firstValue(sql, rs -> rs.getLong(1));
    }

    /** The first column of the first row of a query, as text (null for NULL). */
    public String text(String sql) {
        return firstValue(sql, rs -> rs.getString(1));
    }

    private <T> T firstValue(String sql, Column<T> column) {
        try (Connection connection = connection(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return column.read(rs);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    @FunctionalInterface
    private interface Column<T> {
        T read(ResultSet rs) throws SQLException;
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
