package io.tributary.outbox;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The outbox backlog as last measured.
 *
 * @param unsentRows  rows not yet acknowledged by the platform
 * @param oldestAge   age of the oldest of them (zero when there are none)
 * @param failedRows  rows in {@code outbox_failed}
 * @param deadRows    row versions of {@code outbox} deleted or updated and not vacuumed yet, as PostgreSQL's
 *                    statistics count them ({@code pg_stat_user_tables.n_dead_tup}; they lag by a second or so)
 * @param autovacuum  whether the server runs autovacuum ({@code autovacuum = on})
 * @param measuredAt  when it was measured, or null if never
 * @param error       why the last measurement failed, or null
 */
public record BacklogSnapshot(long unsentRows, Duration oldestAge, long failedRows, long deadRows, boolean autovacuum,
        @Nullable Instant measuredAt, @Nullable String error) {

    static BacklogSnapshot unknown() {
        return new BacklogSnapshot(0, Duration.ZERO, 0, 0, true, null, "not measured yet");
    }

    /**
     * Measures the backlog now: rows not sent yet, the oldest one's age, rows moved to {@code outbox_failed}, and the
     * outbox's dead rows. Every row the relay sends is deleted (or updated, with {@code sent-rows: mark}), so the
     * outbox is all churn: until vacuum removes them, its dead rows are read by every claim, which slows down as they
     * pile up.
     */
    static BacklogSnapshot measure(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("""
                        SELECT (SELECT count(*) FROM outbox WHERE sent_at IS NULL),
                               (SELECT coalesce(extract(epoch FROM clock_timestamp() - min(created_at)), 0)
                                  FROM outbox WHERE sent_at IS NULL),
                               (SELECT count(*) FROM outbox_failed),
                               (SELECT coalesce(max(n_dead_tup), 0) FROM pg_stat_user_tables WHERE relid = 'outbox'::regclass),
                               current_setting('autovacuum') = 'on'""")) {
            rs.next();
            return new BacklogSnapshot(rs.getLong(1), Duration.ofMillis((long) (rs.getDouble(2) * 1000)), rs.getLong(3),
                    rs.getLong(4), rs.getBoolean(5), Instant.now(), null);
        }
    }

    /** The same figures, now known to be stale: the last measurement failed with {@code error}. */
    BacklogSnapshot failing(String error) {
        return new BacklogSnapshot(unsentRows, oldestAge, failedRows, deadRows, autovacuum, measuredAt, error);
    }
}
