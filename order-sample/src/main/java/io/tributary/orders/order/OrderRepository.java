package io.tributary.orders.order;

import java.util.List;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface OrderRepository extends JpaRepository<Order, String>, LockedOrders {

    List<Order> findByStatusOrderByCreatedAtDesc(OrderStatus status, Pageable page);

    List<Order> findAllByOrderByCreatedAtDesc(Pageable page);
}
