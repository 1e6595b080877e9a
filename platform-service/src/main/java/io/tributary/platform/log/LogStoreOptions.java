package io.tributary.platform.log;

import java.nio.file.Path;
import java.time.Clock;

/**
 * How a {@link LogStore} is opened.
 *
 * @param dataDir           root folder; each topic gets a sub-folder
 * @param clock             source of record timestamps, roll-cycle time and retention age (tests inject one)
 * @param flush             when appends are forced to disk
 * @param minFreeSpaceBytes appends are refused ({@link InsufficientStorageException}) rather than leave less than this
 *                          free on the data directory's file system; 0 checks nothing
 */
public record LogStoreOptions(Path dataDir, Clock clock, FlushPolicy flush, long minFreeSpaceBytes) {

    /** The system clock, no flushing, no free-space floor. */
    public static LogStoreOptions of(Path dataDir) {
        return new LogStoreOptions(dataDir, Clock.systemUTC(), FlushPolicy.NEVER, 0);
    }

    public LogStoreOptions withClock(Clock clock) {
        return new LogStoreOptions(dataDir, clock, flush, minFreeSpaceBytes);
    }

    public LogStoreOptions withFlush(FlushPolicy flush) {
        return new LogStoreOptions(dataDir, clock, flush, minFreeSpaceBytes);
    }

    public LogStoreOptions withMinFreeSpace(long bytes) {
        return new LogStoreOptions(dataDir, clock, flush, bytes);
    }
}
