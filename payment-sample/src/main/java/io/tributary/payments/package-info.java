/**
 * Payment service of the saga demo. {@code payment/}: accounts, payments and the charge/refund use cases;
 * {@code messaging/}: event types, the consumer of {@code orders.events} (idempotent, with retries) and the outbox
 * writer; {@code deadletter/}: the dead-letter topic, listing and redrive; {@code web/}: errors as RFC 9457 problems.
 */
@NullMarked
package io.tributary.payments;

import org.jspecify.annotations.NullMarked;
