package io.tributary.platform.log;

import java.time.Clock;
import net.openhft.chronicle.core.time.TimeProvider;

/**
 * Chronicle's time taken from the store's {@link Clock}, so roll cycles follow the same time as record
 * timestamps and retention (and tests can move it).
 */
final class ClockTimeProvider implements TimeProvider {

    private final Clock clock;

    ClockTimeProvider(Clock clock) {
        this.clock = clock;
    }

    @Override
    public long currentTimeMillis() {
        return clock.millis();
    }

    @Override
    public long currentTimeMicros() {
        return clock.millis() * 1_000L;
    }

    @Override
    public long currentTimeNanos() {
        return clock.millis() * 1_000_000L;
    }
}
