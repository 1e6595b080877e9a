package io.tributary.outbox;

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
}
