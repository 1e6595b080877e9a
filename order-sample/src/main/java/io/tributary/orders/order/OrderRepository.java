package io.tributary.orders.order;

import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface OrderRepository extends JpaRepository<Order, String> {

    /** The order, locked until the transaction ends: a cancel and a payment verdict for it are serialised. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select o from Order o where o.id = :id")
    Optional<Order> findForUpdate(String id);

    List<Order> findByStatusOrderByCreatedAtDesc(OrderStatus status, Pageable page);

    List<Order> findAllByOrderByCreatedAtDesc(Pageable page);
}
