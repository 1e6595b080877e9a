package io.tributary.payments.payment;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.Instant;

/** A customer's account (its id is the customer id). Invariant: the balance never goes below zero. */
@Entity
@Table(name = "account")
public class Account {

    @Id
    private String id;
    private String currency;
    private BigDecimal balance;
    private Instant createdAt;
    @Version
    private long version;

    protected Account() {
        // for JPA
    }

    private Account(String id, String currency, BigDecimal balance, Instant createdAt) {
        this.id = id;
        this.currency = currency;
        this.balance = balance;
        this.createdAt = createdAt;
    }

    static Account open(String id, String currency, BigDecimal initialBalance, Instant now) {
        if (initialBalance.signum() < 0) {
            throw new IllegalArgumentException("initial balance must not be negative");
        }
        return new Account(id, currency, initialBalance, now);
    }

    public String id() {
        return id;
    }

    public String currency() {
        return currency;
    }

    public BigDecimal balance() {
        return balance;
    }

    public Instant createdAt() {
        return createdAt;
    }

    boolean covers(BigDecimal amount) {
        return balance.compareTo(amount) >= 0;
    }

    void withdraw(BigDecimal amount) {
        if (!covers(amount)) {
            throw new IllegalStateException("balance of " + id + " does not cover " + amount);
        }
        balance = balance.subtract(amount);
    }

    void deposit(BigDecimal amount) {
        balance = balance.add(amount);
    }
}
