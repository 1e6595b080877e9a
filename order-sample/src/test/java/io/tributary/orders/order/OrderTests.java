package io.tributary.orders.order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The order's saga state machine, without Spring. */
class OrderTests {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    private static Order order() {
        return Order.place("alice", new BigDecimal("12.50"), "EUR", List.of(new OrderItem("book", 1)), NOW);
    }

    @Test
    void aPlacedOrderIsPendingWithItsCreationInTheHistory() {
        Order order = order();
        assertThat(order.status()).isEqualTo(OrderStatus.PENDING);
        assertThat(order.history()).extracting(OrderHistoryEntry::event).containsExactly("OrderCreated");
    }

    @Test
    void aPlacedOrderIsNewUntilItsFirstInsertGivesItAVersion() throws ReflectiveOperationException {
        Order order = order();
        assertThat(order.isNew()).isTrue();
        assertThat(order.getId()).isEqualTo(order.id());
        // What Hibernate does at the insert; after it, save() must merge, never insert the order again.
        Field version = Order.class.getDeclaredField("version");
        version.setAccessible(true);
        version.set(order, 0L);
        assertThat(order.isNew()).isFalse();
    }

    @Test
    void paymentVerdictsDecideAPendingOrderOnce() {
        Order approved = order();
        assertThat(approved.approve(NOW)).isTrue();
        assertThat(approved.reject("INSUFFICIENT_FUNDS", NOW)).isFalse();
        assertThat(approved.status()).isEqualTo(OrderStatus.APPROVED);

        Order rejected = order();
        assertThat(rejected.reject("INSUFFICIENT_FUNDS", NOW)).isTrue();
        assertThat(rejected.status()).isEqualTo(OrderStatus.REJECTED);
        assertThat(rejected.rejectionReason()).isEqualTo("INSUFFICIENT_FUNDS");
        assertThatThrownBy(() -> rejected.cancel(NOW)).isInstanceOf(IllegalOrderTransitionException.class);
    }

    @Test
    void pendingAndApprovedOrdersCanBeCancelledOnce() {
        Order pending = order();
        pending.cancel(NOW);
        assertThat(pending.status()).isEqualTo(OrderStatus.CANCELLED);
        // A verdict arriving after the cancellation is only recorded: the payment side refunds.
        assertThat(pending.approve(NOW)).isFalse();
        assertThat(pending.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(pending.history()).extracting(OrderHistoryEntry::event)
                .containsExactly("OrderCreated", "OrderCancelled", "PaymentCompleted");

        Order approved = order();
        approved.approve(NOW);
        approved.cancel(NOW);
        assertThat(approved.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThatThrownBy(() -> approved.cancel(NOW)).isInstanceOf(IllegalOrderTransitionException.class)
                .hasMessageContaining("CANCELLED");
    }
}
