package io.tributary.orders.order;

import jakarta.persistence.LockModeType;
import jakarta.persistence.QueryHint;
import java.util.List;
import java.util.Optional;
import org.hibernate.jpa.HibernateHints;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.jpa.repository.QueryHints;

interface OrderRepository extends JpaRepository<Order, String> {

    /**
     * The order, locked until the transaction ends: a cancel and a payment verdict for it are serialised.
     *
     * <p>Without flushing first: a query by id cannot be changed by the session's pending changes (if this order is
     * in the session already, the session's copy is returned, not the row). With the default AUTO flush mode every
     * call in a consumer's batch transaction dirty-checked all orders loaded before it in the batch: quadratic in
     * the batch size.
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @QueryHints(@QueryHint(name = HibernateHints.HINT_FLUSH_MODE, value = "COMMIT"))
    @Query("select o from Order o where o.id = :id")
    Optional<Order> findForUpdate(String id);

    List<Order> findByStatusOrderByCreatedAtDesc(OrderStatus status, Pageable page);

    List<Order> findAllByOrderByCreatedAtDesc(Pageable page);
}
