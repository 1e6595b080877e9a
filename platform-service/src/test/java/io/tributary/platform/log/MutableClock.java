package io.tributary.platform.log;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that stands still until a test moves it (or, after {@link #advanceOnEveryRead}, moves on each read). */
final class MutableClock extends Clock {

    private final AtomicLong millis;
    private final ZoneId zone;
    private volatile long tickMillis;

    MutableClock(Instant start) {
        this(new AtomicLong(start.toEpochMilli()), ZoneOffset.UTC);
    }

    private MutableClock(AtomicLong millis, ZoneId zone) {
        this.millis = millis;
        this.zone = zone;
    }

    static MutableClock startingAt(String instant) {
        return new MutableClock(Instant.parse(instant));
    }

    void advance(Duration duration) {
        millis.addAndGet(duration.toMillis());
    }

    /** From now on every read returns the time and then moves the clock on by {@code tick}. */
    void advanceOnEveryRead(Duration tick) {
        tickMillis = tick.toMillis();
    }

    @Override
    public long millis() {
        return millis.getAndAdd(tickMillis);
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        // Same time line (moving either moves both), other zone.
        return new MutableClock(millis, zone);
    }
}
