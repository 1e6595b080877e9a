/** Event records, the outbox writer, and the consumer of orders.events: idempotent, retrying in place, dead-lettering. */
@NullMarked
package io.tributary.payments.messaging;

import org.jspecify.annotations.NullMarked;
