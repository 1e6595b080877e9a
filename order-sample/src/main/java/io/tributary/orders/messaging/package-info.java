/** Event records of both topics, the outbox writer, the idempotent consumer of payments.events. */
@NullMarked
package io.tributary.orders.messaging;

import org.jspecify.annotations.NullMarked;
