/**
 * The outbox relay: publishes the rows of a PostgreSQL transactional outbox table to platform topics, exactly
 * once and in commit order per aggregate, from one or several relay instances. Entry points:
 * {@link io.tributary.outbox.OutboxRelay} (the relay), {@link io.tributary.outbox.OutboxWriter} (writes events
 * in the caller's transaction), {@link io.tributary.outbox.OutboxRelayAutoConfiguration} (embedded use) and
 * {@link io.tributary.outbox.OutboxRelayApplication} (standalone service).
 */
@NullMarked
package io.tributary.outbox;

import org.jspecify.annotations.NullMarked;
