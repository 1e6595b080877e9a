package io.tributary.client;

/**
 * Where a produced record was appended.
 *
 * @param topic     the topic
 * @param partition the partition
 * @param offset    its offset in the partition
 */
public record RecordMetadata(String topic, int partition, long offset) {
}
