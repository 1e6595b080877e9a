package io.tributary.orders.order;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** One step of an order's saga: the event that happened to it, the status it left the order in, and when. */
@Entity
@Table(name = "order_history")
public class OrderHistoryEntry {

    // From order_history_id_seq, 50 ids per nextval (V3): ids known before the INSERT let Hibernate
    // delay it to the flush and send a batch's history rows in one JDBC batch.
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "order_history_id")
    @SequenceGenerator(name = "order_history_id", sequenceName = "order_history_id_seq", allocationSize = 50)
    private Long id;
    // The owning side of Order.history: the entry's INSERT carries order_id, and an entry never moves to another
    // order. Owned here, Order.history is the inverse side, which Hibernate can add to without loading it.
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "order_id", nullable = false, updatable = false)
    private Order order;
    private String event;
    @Enumerated(EnumType.STRING)
    private OrderStatus status;
    private @Nullable String detail;
    private Instant occurredAt;

    protected OrderHistoryEntry() {
        // for JPA
    }

    OrderHistoryEntry(Order order, String event, OrderStatus status, @Nullable String detail, Instant occurredAt) {
        this.order = order;
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
