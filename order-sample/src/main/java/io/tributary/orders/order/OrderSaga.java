package io.tributary.orders.order;

import io.tributary.orders.messaging.PaymentCompleted;
import io.tributary.orders.messaging.PaymentFailed;
import io.tributary.orders.messaging.PaymentRefunded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The order side of the choreographed saga: how an order reacts to the payment service's events.
 *
 * <pre>
 *   OrderCreated ──► charge ──► PaymentCompleted ──► APPROVED
 *                        └────► PaymentFailed    ──► REJECTED (reason)
 *   OrderCancelled (PENDING or APPROVED) ──► refund if charged ──► PaymentRefunded (history only)
 * </pre>
 *
 * A verdict that arrives after the order was cancelled only goes into the history: the payment service sees the
 * {@code OrderCancelled} after the {@code OrderCreated} (same key, same partition) and refunds.
 */
@Service
public class OrderSaga {

    private static final Logger log = LoggerFactory.getLogger(OrderSaga.class);

    private final OrderRepository orders;

    OrderSaga(OrderRepository orders) {
        this.orders = orders;
    }

    @Transactional
    public void onPaymentCompleted(PaymentCompleted event) {
        orders.findForUpdate(event.orderId()).ifPresentOrElse(
                order -> order.approve(event.occurredAt()),
                () -> log.warn("PaymentCompleted for unknown order {}", event.orderId()));
    }

    @Transactional
    public void onPaymentFailed(PaymentFailed event) {
        orders.findForUpdate(event.orderId()).ifPresentOrElse(
                order -> order.reject(event.reason(), event.occurredAt()),
                () -> log.warn("PaymentFailed for unknown order {}", event.orderId()));
    }

    @Transactional
    public void onPaymentRefunded(PaymentRefunded event) {
        orders.findForUpdate(event.orderId()).ifPresentOrElse(
                order -> order.refunded(event.amount(), event.currency(), event.occurredAt()),
                () -> log.warn("PaymentRefunded for unknown order {}", event.orderId()));
    }
}
