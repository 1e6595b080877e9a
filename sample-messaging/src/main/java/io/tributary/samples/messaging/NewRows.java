package io.tributary.samples.messaging;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Inserts many rows keyed by a unique column in few round trips, skipping keys already there, and says which keys
 * were new: {@code INSERT … VALUES (…), (…) ON CONFLICT (key) DO NOTHING RETURNING key}, {@value #ROWS_PER_STATEMENT}
 * rows per statement. How a consumer records a whole batch's event ids at once (one round trip per record before).
 *
 * @param table   the table
 * @param columns its columns given per row; the first is the unique key
 */
public record NewRows(String table, List<String> columns) {

    /** Rows per statement: keeps a statement's parameters (rows × columns) far below PostgreSQL's 65,535. */
    public static final int ROWS_PER_STATEMENT = 1_000;

    public NewRows {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("a row needs at least its key column");
        }
        columns = List.copyOf(columns);
    }

    /** Rows of the key column alone. */
    public static NewRows keys(String table, String keyColumn) {
        return new NewRows(table, List.of(keyColumn));
    }

    /**
     * Inserts each row (its values in the order of {@link #columns()}) unless its key is there already, in the
     * caller's transaction; returns the keys it inserted (a key given twice is inserted once).
     */
    public Set<String> insert(JdbcClient jdbc, List<List<?>> rows) {
        Set<String> inserted = new HashSet<>();
        for (int from = 0; from < rows.size(); from += ROWS_PER_STATEMENT) {
            List<List<?>> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_STATEMENT));
            List<Object> params = new ArrayList<>(chunk.size() * columns.size());
            chunk.forEach(params::addAll);
            inserted.addAll(jdbc.sql(statement(chunk.size())).params(params).query(String.class).list());
        }
        return inserted;
    }

    private String statement(int rowCount) {
        String row = "(" + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
        return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES "
                + String.join(", ", Collections.nCopies(rowCount, row))
                + " ON CONFLICT (" + columns.get(0) + ") DO NOTHING RETURNING " + columns.get(0);
    }
}
