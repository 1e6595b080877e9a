package io.tributary.platform.log;

import java.time.Clock;
import net.openhft.chronicle.core.time.TimeProvider;
import org.jspecify.annotations.Nullable;

/**
 * Chronicle's time taken from the store's {@link Clock}, so roll cycles follow the same time as record
 * timestamps and retention (and tests can move it).
 *
 * <p>While a partition writes a batch, its appending thread {@linkplain #pin pins} the batch's timestamp:
 * Chronicle asks for the time on every {@code writingDocument()} (to pick the roll cycle), and answering
 * that call with the time the partition has just read saves a second clock read per append (36–74 ns each on
 * the benchmark VM, next to ~270 ns for a whole one-record append of 100 bytes). It also files every record in
 * the cycle of its own timestamp, where before a batch read at 10:59:59.999 could land in the 11:00 file.
 * Other threads (tailers, retention) always read the clock. The partition pins and unpins under its append
 * lock, so there is one pin at a time, and the fields need no ordering: a thread never reads itself in
 * {@code pinnedBy} unless it wrote that itself, and then it reads its own {@code pinnedMillis}.
 */
final class ClockTimeProvider implements TimeProvider {

    private final Clock clock;
    private @Nullable Thread pinnedBy;
    private long pinnedMillis;

    ClockTimeProvider(Clock clock) {
        this.clock = clock;
    }

    /** Until {@link #unpin()}, Chronicle's calls from this thread get {@code millis}. */
    void pin(long millis) {
        pinnedMillis = millis;
        pinnedBy = Thread.currentThread();
    }

    void unpin() {
        pinnedBy = null;
    }

    @Override
    public long currentTimeMillis() {
        return pinnedBy == Thread.currentThread() ? pinnedMillis : clock.millis();
    }

    @Override
    public long currentTimeMicros() {
        return currentTimeMillis() * 1_000L;
    }

    @Override
    public long currentTimeNanos() {
        return currentTimeMillis() * 1_000_000L;
    }
}
