package io.tributary.platform.log;

import java.nio.file.Path;
import java.time.Clock;

/**
 * How a {@link LogStore} is opened.
 *
 * @param dataDir               root folder; each topic gets a sub-folder
 * @param clock                 source of record timestamps, roll-cycle time and retention age (tests inject one)
 * @param flush                 when appends are forced to disk
 */
public record LogStoreOptions(Path dataDir, Clock clock, FlushPolicy flush) {

    public static LogStoreOptions of(Path dataDir) {
        return new LogStoreOptions(dataDir, Clock.systemUTC(), FlushPolicy.NEVER);
    }

    public LogStoreOptions withClock(Clock clock) {
        return new LogStoreOptions(dataDir, clock, flush);
    }

    public LogStoreOptions withFlush(FlushPolicy flush) {
        return new LogStoreOptions(dataDir, clock, flush);
    }
}
