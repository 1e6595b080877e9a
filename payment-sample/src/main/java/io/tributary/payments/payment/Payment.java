package io.tributary.payments.payment;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.math.BigDecimal;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Persistable;

/**
 * The payment of one order: at most one per order (the order id is the primary key), so an order can never be
 * charged twice, whatever the consumer sees twice.
 */
@Entity
@Table(name = "payment")
public class Payment implements Persistable<String> {

    @Id
    private String orderId;
    private String accountId;
    private BigDecimal amount;
    private String currency;
    @Enumerated(EnumType.STRING)
    private PaymentStatus status;
    private @Nullable String failureReason;
    private Instant createdAt;
    private @Nullable Instant refundedAt;
    // Tells Spring Data's save() that a payment made by the factories is new (persist: one INSERT); with an assigned
    // id and no version it would merge it, which first SELECTs the row that cannot exist.
    @Transient
    private boolean isNew;

    protected Payment() {
        // for JPA
    }

    private Payment(String orderId, String accountId, BigDecimal amount, String currency, PaymentStatus status,
            @Nullable String failureReason, Instant createdAt) {
        this.orderId = orderId;
        this.accountId = accountId;
        this.amount = amount;
        this.currency = currency;
        this.status = status;
        this.failureReason = failureReason;
        this.createdAt = createdAt;
        this.isNew = true;
    }

    @Override
    public String getId() {
        return orderId;
    }

    @Override
    public boolean isNew() {
        return isNew;
    }

    @PostLoad
    @PostPersist
    void stored() {
        isNew = false;
    }

    static Payment completed(String orderId, String accountId, BigDecimal amount, String currency, Instant now) {
        return new Payment(orderId, accountId, amount, currency, PaymentStatus.COMPLETED, null, now);
    }

    static Payment failed(String orderId, String accountId, BigDecimal amount, String currency, String reason, Instant now) {
        return new Payment(orderId, accountId, amount, currency, PaymentStatus.FAILED, reason, now);
    }

    void refund(Instant now) {
        if (status != PaymentStatus.COMPLETED) {
            throw new IllegalStateException("payment of " + orderId + " is " + status + ", not refundable");
        }
        status = PaymentStatus.REFUNDED;
        refundedAt = now;
    }

    public String orderId() {
        return orderId;
    }

    public String accountId() {
        return accountId;
    }

    public BigDecimal amount() {
        return amount;
    }

    public String currency() {
        return currency;
    }

    public PaymentStatus status() {
        return status;
    }

    public @Nullable String failureReason() {
        return failureReason;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public @Nullable Instant refundedAt() {
        return refundedAt;
    }
}
