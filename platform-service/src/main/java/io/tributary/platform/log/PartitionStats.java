package io.tributary.platform.log;

/** A snapshot of one partition for metrics and admin views. */
public record PartitionStats(int partition, long beginningOffset, long endOffset, long sizeInBytes) {
}
