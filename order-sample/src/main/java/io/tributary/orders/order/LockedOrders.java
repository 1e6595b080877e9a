package io.tributary.orders.order;

import java.util.Optional;

/** {@link OrderRepository}'s lock by primary key, implemented with the entity manager ({@link LockedOrdersImpl}). */
interface LockedOrders {

    /**
     * The order, locked until the transaction ends: a cancel and a payment verdict for it are serialised.
     *
     * <p>{@code EntityManager.find} with a lock, not a JPQL query: it flushes nothing first (a lookup by id cannot be
     * changed by the session's pending changes, and with AUTO flush every verdict of a consumer's batch transaction
     * dirty-checked the orders before it: quadratic in the batch), and Spring Data does not build a query object
     * per call (~14 % of the saga members' samples).
     */
    Optional<Order> findForUpdate(String id);
}
