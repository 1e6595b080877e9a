/**
 * Order service of the saga demo. {@code order/}: the order aggregate, its use cases and the saga reactions;
 * {@code messaging/}: event types, the outbox writer and the consumer of {@code payments.events};
 * {@code readmodel/}: the CQRS projection fed from the topics; {@code web/}: errors as RFC 9457 problems.
 */
@NullMarked
package io.tributary.orders;

import org.jspecify.annotations.NullMarked;
