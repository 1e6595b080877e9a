package io.tributary.orders.order;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /orders}, {@code GET /orders/{id}}, {@code GET /orders?status=}, {@code POST /orders/{id}/cancel}.
 *
 * <p>Not {@code @Validated}: Spring MVC validates the {@code @Valid} body and the constrained parameters itself
 * (built-in method validation, a 400 problem); the class-level annotation added an AOP proxy that validated every
 * {@code POST /orders} body a second time.
 */
@RestController
class OrderController {

    private final OrderService orders;

    OrderController(OrderService orders) {
        this.orders = orders;
    }

    @PostMapping("/orders")
    ResponseEntity<OrderResponse> place(@Valid @RequestBody PlaceOrderRequest request) {
        Order order = orders.place(request.customerId(), request.amount(), request.currency(),
                request.items().stream().map(i -> new OrderItem(i.sku(), i.quantity())).toList());
        return ResponseEntity.status(HttpStatus.CREATED).location(URI.create("/orders/" + order.id()))
                .body(OrderResponse.of(order));
    }

    @GetMapping("/orders/{id}")
    OrderResponse order(@PathVariable String id) {
        return OrderResponse.of(orders.order(id));
    }

    @GetMapping("/orders")
    List<OrderResponse> orders(@RequestParam(required = false) @Nullable OrderStatus status,
            @RequestParam(defaultValue = "100") @Min(1) @Max(10_000) int limit) {
        return orders.orders(status, limit).stream().map(OrderResponse::of).toList();
    }

    @PostMapping("/orders/{id}/cancel")
    OrderResponse cancel(@PathVariable String id) {
        return OrderResponse.of(orders.cancel(id));
    }

    record PlaceOrderRequest(
            @NotBlank @Pattern(regexp = "[A-Za-z0-9._-]{1,64}") String customerId,
            @NotNull @DecimalMin("0.01") @Digits(integer = 15, fraction = 2) BigDecimal amount,
            @NotBlank @Pattern(regexp = "[A-Z]{3}") String currency,
            @NotNull @Size(max = 100) List<@Valid Item> items) {

        record Item(@NotBlank String sku, @Min(1) int quantity) {
        }
    }

    record OrderResponse(String id, String customerId, BigDecimal amount, String currency, OrderStatus status,
            @Nullable String rejectionReason, List<OrderItem> items, Instant createdAt, Instant updatedAt,
            List<HistoryEntry> history) {

        static OrderResponse of(Order order) {
            return new OrderResponse(order.id(), order.customerId(), order.amount(), order.currency(), order.status(),
                    order.rejectionReason(), order.items(), order.createdAt(), order.updatedAt(),
                    order.history().stream()
                            .map(h -> new HistoryEntry(h.event(), h.status(), h.detail(), h.occurredAt()))
                            .toList());
        }
    }

    /** A step of the saga: the event, the status it left the order in, a detail (e.g. the rejection reason). */
    record HistoryEntry(String event, OrderStatus status, @Nullable String detail, Instant at) {
    }
}
