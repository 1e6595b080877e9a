package io.tributary.orders.order;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.util.Optional;

/** The fragment behind {@link LockedOrders}; Spring Data finds it by the {@code Impl} suffix. */
class LockedOrdersImpl implements LockedOrders {

    private final EntityManager entities;

    LockedOrdersImpl(EntityManager entities) {
        this.entities = entities;
    }

    @Override
    public Optional<Order> findForUpdate(String id) {
        return Optional.ofNullable(entities.find(Order.class, id, LockModeType.PESSIMISTIC_WRITE));
    }
}
