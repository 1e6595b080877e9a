package io.tributary.orders.order;

import jakarta.persistence.CascadeType;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hibernate.Hibernate;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Persistable;

/**
 * The order aggregate and its saga state machine (see {@link OrderStatus}). Every transition appends an
 * {@link OrderHistoryEntry}, so the order shows which events moved it and when.
 */
@Entity
@Table(name = "orders")
public class Order implements Persistable<String> {

    @Id
    private String id;
    private String customerId;
    private BigDecimal amount;
    private String currency;
    @Enumerated(EnumType.STRING)
    private OrderStatus status;
    private @Nullable String rejectionReason;
    private Instant createdAt;
    private Instant updatedAt;
    // A wrapper, null until the first insert: that is how save() tells a new order (persist: one INSERT) from a
    // detached one (merge: a SELECT of the order with its lines and history first, then a version bump UPDATE);
    // with a primitive version and an assigned id every new order took the merge path. See isNew().
    @Version
    private @Nullable Long version;

    // Both collections are lazy: a payment verdict changes the status and appends to the history, and loading the
    // lines and the whole history for that cost two SELECTs per verdict. The queries that return orders to the API
    // fetch them (OrderRepository); the history is the inverse side of OrderHistoryEntry.order, so an entry is
    // added (and inserted at the flush) without loading the entries before it.
    @ElementCollection
    @CollectionTable(name = "order_item", joinColumns = @JoinColumn(name = "order_id"))
    @OrderColumn(name = "line_no")
    private List<OrderItem> items = new ArrayList<>();

    @OneToMany(mappedBy = "order", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("id")
    private List<OrderHistoryEntry> history = new ArrayList<>();

    protected Order() {
        // for JPA
    }

    static Order place(String customerId, BigDecimal amount, String currency, List<OrderItem> items, Instant now) {
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("amount must be positive");
        }
        Order order = new Order();
        order.id = UUID.randomUUID().toString();
        order.customerId = customerId;
        order.amount = amount;
        order.currency = currency;
        order.items = new ArrayList<>(items);
        order.status = OrderStatus.PENDING;
        order.createdAt = now;
        order.record("OrderCreated", null, now);
        return order;
    }

    /** The payment went through. Returns false (and changes nothing but the history) unless the order was pending. */
    boolean approve(Instant at) {
        if (status != OrderStatus.PENDING) {
            record("PaymentCompleted", "ignored: order was " + status
                    + (status == OrderStatus.CANCELLED ? "; the payment service refunds it" : ""), at);
            return false;
        }
        status = OrderStatus.APPROVED;
        record("PaymentCompleted", null, at);
        return true;
    }

    /** The payment failed. Returns false (and changes nothing but the history) unless the order was pending. */
    boolean reject(String reason, Instant at) {
        if (status != OrderStatus.PENDING) {
            record("PaymentFailed", "ignored: order was " + status + " (" + reason + ")", at);
            return false;
        }
        status = OrderStatus.REJECTED;
        rejectionReason = reason;
        record("PaymentFailed", reason, at);
        return true;
    }

    /** Cancels a pending or approved order. @throws IllegalOrderTransitionException otherwise */
    void cancel(Instant at) {
        if (status != OrderStatus.PENDING && status != OrderStatus.APPROVED) {
            throw new IllegalOrderTransitionException(id, status, "cancelled");
        }
        OrderStatus previous = status;
        status = OrderStatus.CANCELLED;
        record("OrderCancelled", "was " + previous, at);
    }

    /** The compensation happened: the payment was refunded. */
    void refunded(BigDecimal refundedAmount, String refundedCurrency, Instant at) {
        record("PaymentRefunded", refundedAmount.toPlainString() + " " + refundedCurrency, at);
    }

    /**
     * Loads the lazy lines and history while the transaction is open: the API maps an order after it has ended
     * ({@code open-in-view} is off). With {@code hibernate.default_batch_fetch_size} the first order of a list
     * loads those of the others in the session with it.
     */
    Order loadDetails() {
        Hibernate.initialize(items);
        Hibernate.initialize(history);
        return this;
    }

    private void record(String event, @Nullable String detail, Instant at) {
        history.add(new OrderHistoryEntry(this, event, status, detail, at));
        updatedAt = at;
    }

    public String id() {
        return id;
    }

    /**
     * Spring Data's new-or-detached test, answered here: without it, Spring Data reads the version through a bean
     * wrapper that first looks for a {@code getVersion()} getter and throws, catches and falls back to the field —
     * an exception with a full stack trace on every {@code POST /orders} (benchmarks/findings.md).
     */
    @Override
    public boolean isNew() {
        return version == null;
    }

    /** {@link Persistable}'s name for {@link #id()}. */
    @Override
    public String getId() {
        return id;
    }

    public String customerId() {
        return customerId;
    }

    public BigDecimal amount() {
        return amount;
    }

    public String currency() {
        return currency;
    }

    public OrderStatus status() {
        return status;
    }

    public @Nullable String rejectionReason() {
        return rejectionReason;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public List<OrderItem> items() {
        return List.copyOf(items);
    }

    public List<OrderHistoryEntry> history() {
        return List.copyOf(history);
    }
}
