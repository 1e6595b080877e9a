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
 * @param measuredAt  when it was measured, or null if never
 * @param error       why the last measurement failed, or null
 */
public record BacklogSnapshot(long unsentRows, Duration oldestAge, long failedRows, @Nullable Instant measuredAt,
        @Nullable String error) {

    static BacklogSnapshot unknown() {
        return new BacklogSnapshot(0, Duration.ZERO, 0, null, "not measured yet");
    }

    /** Measures the backlog now: rows not sent yet, the oldest one's age, rows moved to {@code outbox_failed}. */
    static BacklogSnapshot measure(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("""
                        SELECT (SELECT count(*) FROM outbox WHERE sent_at IS NULL),
                               (SELECT coalesce(extract(epoch FROM clock_timestamp() - min(created_at)), 0)
                                  FROM outbox WHERE sent_at IS NULL),
                               (SELECT count(*) FROM outbox_failed)""")) {
            rs.next();
            return new BacklogSnapshot(rs.getLong(1), Duration.ofMillis((long) (rs.getDouble(2) * 1000)), rs.getLong(3),
                    Instant.now(), null);
        }
    }

    /** The same figures, now known to be stale: the last measurement failed with {@code error}. */
    BacklogSnapshot failing(String error) {
        return new BacklogSnapshot(unsentRows, oldestAge, failedRows, measuredAt, error);
    }
}
