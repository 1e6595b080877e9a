package io.tributary.platform.log;

/**
 * When appended records are forced to disk.
 *
 * <p>{@link #NEVER} (the default) acknowledges once the records are in the memory-mapped file: they
 * survive a crash of the process (the kernel owns the pages) but not a power loss or kernel panic
 * before the OS writes them back. {@link #ALWAYS} forces them to the device (fsync of the cycle file) before
 * every append returns, and shows them to readers only then: survives power loss. Appends that write while a
 * force runs share the next one ({@link GroupCommit}), so the cost per request falls as concurrency grows.
 */
public enum FlushPolicy {
    NEVER,
    ALWAYS
}
