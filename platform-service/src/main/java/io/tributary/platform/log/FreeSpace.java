package io.tributary.platform.log;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps appends from filling the disk under the data directory. Records are written into memory-mapped
 * pages of sparse files: on a full disk the write call does not fail, the page fault does (SIGBUS), and
 * the JVM throws an {@link InternalError} in the middle of a document. So an append is refused up front
 * ({@link InsufficientStorageException}, 507) when the usable space, less what was appended since it was
 * last measured, would drop below the floor ({@code tributary.platform.min-free-space}). The space is
 * measured (one {@code statfs}) at most once a second, and at once when the estimate nears the floor, so
 * space freed by retention or used by other processes is seen within a second. Thread-safe.
 */
final class FreeSpace {

    /** No floor: every append is let through (tests and benchmarks of the engine alone). */
    static final FreeSpace UNCHECKED = new FreeSpace(null, 0);

    private static final Logger log = LoggerFactory.getLogger(FreeSpace.class);
    private static final long MEASURE_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final @Nullable FileStore store;
    private final long floorBytes;
    private final AtomicLong appendedSinceMeasured = new AtomicLong();
    private volatile long usableWhenMeasured = Long.MAX_VALUE;
    private volatile long measuredAtNanos;
    private volatile boolean refusing;

    private FreeSpace(@Nullable FileStore store, long floorBytes) {
        this.store = store;
        this.floorBytes = floorBytes;
    }

    /** A guard of the file system holding {@code dataDir}; a floor of 0 checks nothing. */
    static FreeSpace of(Path dataDir, long floorBytes) {
        if (floorBytes <= 0) {
            return UNCHECKED;
        }
        try {
            FreeSpace space = new FreeSpace(Files.getFileStore(dataDir), floorBytes);
            space.measure();
            return space;
        } catch (IOException e) {
            throw new LogStorageException("Cannot read the free space of " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Counts {@code bytes} about to be appended, or refuses them.
     *
     * @throws InsufficientStorageException if they would leave less than the floor free
     */
    void reserve(long bytes) {
        if (store == null) {
            return;
        }
        long appended = appendedSinceMeasured.addAndGet(bytes);
        if (usableWhenMeasured - appended >= floorBytes && System.nanoTime() - measuredAtNanos < MEASURE_EVERY_NANOS) {
            return;
        }
        long usable = measure();
        if (usable - bytes < floorBytes) {
            if (!refusing) {
                refusing = true;
                log.error("Refusing appends: {} bytes usable on {}, below tributary.platform.min-free-space ({} bytes); free disk"
                        + " space (lower retention, delete topics) to resume", usable, store, floorBytes);
            }
            throw new InsufficientStorageException("Not enough disk space: " + usable + " bytes usable, "
                    + floorBytes + " must stay free (tributary.platform.min-free-space)");
        }
        appendedSinceMeasured.addAndGet(bytes); // counting restarted at the measurement
        if (refusing) {
            refusing = false;
            log.info("Accepting appends again: {} bytes usable on {}", usable, store);
        }
    }

    /**
     * Measures the usable space and starts counting appends from zero; returns it. Appends racing with it may
     * be counted in both or in neither: an estimate, which the floor's margin and the next measurement absorb.
     */
    private synchronized long measure() {
        FileStore guarded = store;
        if (guarded == null) {
            return Long.MAX_VALUE;
        }
        long usable;
        try {
            usable = guarded.getUsableSpace();
        } catch (IOException e) {
            // Cannot tell: keep the last figure rather than refuse every append.
            log.warn("Cannot read the free space of {}: {}", store, e.toString());
            return usableWhenMeasured - appendedSinceMeasured.get();
        }
        appendedSinceMeasured.set(0);
        usableWhenMeasured = usable;
        measuredAtNanos = System.nanoTime();
        return usable;
    }
}
