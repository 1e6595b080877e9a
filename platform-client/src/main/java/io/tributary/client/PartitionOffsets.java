package io.tributary.client;

/**
 * The offsets of one partition.
 *
 * @param beginningOffset the first offset still stored
 * @param endOffset       the offset the next record will get
 */
public record PartitionOffsets(long beginningOffset, long endOffset) {
}
