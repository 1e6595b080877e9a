package io.tributary.outbox;

/**
 * A shard's row in {@code outbox_relay_shard}, as its owner last wrote it.
 *
 * @param shard        the shard number
 * @param producerId   the shard's stable idempotent producer id
 * @param epoch        the producer epoch for newly claimed batches
 * @param nextSequence the sequence the next claimed batch gets
 */
record ShardState(int shard, long producerId, int epoch, long nextSequence) {
}
