package io.tributary.orders.order;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** One step of an order's saga: the event that happened to it, the status it left the order in, and when. */
@Entity
@Table(name = "order_history")
public class OrderHistoryEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    private String event;
    @Enumerated(EnumType.STRING)
    private OrderStatus status;
    private @Nullable String detail;
    private Instant occurredAt;

    protected OrderHistoryEntry() {
        // for JPA
    }

    OrderHistoryEntry(String event, OrderStatus status, @Nullable String detail, Instant occurredAt) {
        this.event = event;
        this.status = status;
        this.detail = detail;
        this.occurredAt = occurredAt;
    }

    public String event() {
        return event;
    }

    public OrderStatus status() {
        return status;
    }

    public @Nullable String detail() {
        return detail;
    }

    public Instant occurredAt() {
        return occurredAt;
    }
}
