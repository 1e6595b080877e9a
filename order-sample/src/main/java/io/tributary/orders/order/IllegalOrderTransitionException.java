package io.tributary.orders.order;

/** The order's status does not allow what was asked (answered with 409). */
public final class IllegalOrderTransitionException extends RuntimeException {

    IllegalOrderTransitionException(String orderId, OrderStatus status, String action) {
        super("Order " + orderId + " is " + status + " and cannot be " + action);
    }
}
