package io.tributary.platform.log;

import java.time.Clock;

/**
 * What every partition of a store shares.
 *
 * @param clock     source of record timestamps, roll-cycle time and retention age
 * @param flush     when appends are forced to disk
 * @param listener  told of every append (long-polling fetches wait on it)
 * @param freeSpace refuses appends that would fill the disk
 */
record PartitionEnvironment(Clock clock, FlushPolicy flush, AppendListener listener, FreeSpace freeSpace) {
}
