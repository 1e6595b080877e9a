package io.tributary.platform.log;

/**
 * When appended records are forced to disk.
 *
 * <p>{@link #NEVER} (the default) acknowledges once the records are in the memory-mapped file: they
 * survive a crash of the process (the kernel owns the pages) but not a power loss or kernel panic
 * before the OS writes them back. {@link #ALWAYS} forces them to the device (msync) before every append
 * returns: survives power loss, at a large cost per request.
 */
public enum FlushPolicy {
    NEVER,
    ALWAYS
}
