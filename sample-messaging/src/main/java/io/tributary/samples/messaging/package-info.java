/**
 * What the sample services' consumers share, so each sample keeps only its own use cases: the idempotent consumer
 * ({@link io.tributary.samples.messaging.ProcessedMessages}, {@link io.tributary.samples.messaging.IdempotentConsumer}),
 * each fetched batch in one database transaction with a per-record fallback
 * ({@link io.tributary.samples.messaging.TransactionalBatches}), and a service's members of one consumer group
 * ({@link io.tributary.samples.messaging.ConsumerMembers}). Each service keeps its own {@code processed_message}
 * table (its own Flyway migration); {@link io.tributary.samples.messaging.SampleMessagingConfiguration} wires the beans.
 */
@NullMarked
package io.tributary.samples.messaging;

import org.jspecify.annotations.NullMarked;
