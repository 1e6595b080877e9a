package io.tributary.orders.order;

import io.tributary.orders.messaging.OrderCancelled;
import io.tributary.orders.messaging.OrderCreated;
import io.tributary.orders.messaging.OrderEvents;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The order use cases started by customers. Each is one transaction in which the order row and its event (an
 * outbox row) commit together: the event is published if and only if the order change is stored. The orders they
 * return have their lines and history loaded, for the API to map after the transaction.
 */
@Service
public class OrderService {

    private final OrderRepository orders;
    private final OrderEvents events;
    private final Clock clock;

    OrderService(OrderRepository orders, OrderEvents events, Clock clock) {
        this.orders = orders;
        this.events = events;
        this.clock = clock;
    }

    /** Saga start: the order is stored {@code PENDING} and {@code OrderCreated} is written to the outbox. */
    @Transactional
    public Order place(String customerId, BigDecimal amount, String currency, List<OrderItem> items) {
        Instant now = clock.instant();
        Order order = orders.save(Order.place(customerId, amount, currency, items, now));
        events.orderCreated(new OrderCreated(order.id(), customerId, amount, currency,
                items.stream().map(i -> new OrderCreated.Item(i.sku(), i.quantity())).toList(), now));
        return order;
    }

    /**
     * Cancels a pending or approved order and writes {@code OrderCancelled}; the payment service refunds it if it
     * was charged. @throws IllegalOrderTransitionException when rejected or cancelled already
     */
    @Transactional
    public Order cancel(String id) {
        Order order = orders.findForUpdate(id).orElseThrow(() -> new OrderNotFoundException(id));
        Instant now = clock.instant();
        order.cancel(now);
        events.orderCancelled(new OrderCancelled(order.id(), order.customerId(), order.amount(), order.currency(), now));
        return order.loadDetails();
    }

    @Transactional(readOnly = true)
    public Order order(String id) {
        return orders.findById(id).orElseThrow(() -> new OrderNotFoundException(id)).loadDetails();
    }

    /** The most recent orders (at most {@code limit}), of one status or all. */
    @Transactional(readOnly = true)
    public List<Order> orders(@Nullable OrderStatus status, int limit) {
        PageRequest page = PageRequest.of(0, limit);
        List<Order> found = status == null ? orders.findAllByOrderByCreatedAtDesc(page)
                : orders.findByStatusOrderByCreatedAtDesc(status, page);
        found.forEach(Order::loadDetails);
        return found;
    }
}
