package io.tributary.payments.payment;

import io.tributary.payments.messaging.OrderCancelled;
import io.tributary.payments.messaging.OrderCreated;
import io.tributary.payments.messaging.PaymentCompleted;
import io.tributary.payments.messaging.PaymentEvents;
import io.tributary.payments.messaging.PaymentFailed;
import io.tributary.payments.messaging.PaymentRefunded;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The payment side of the order saga, and account administration. Each use case is one transaction in which the
 * balance change, the payment row and the outgoing event (outbox row) commit together; the consumer calls them
 * inside the transaction that also records the incoming message as processed.
 */
@Service
public class PaymentService {

    public static final String INSUFFICIENT_FUNDS = "INSUFFICIENT_FUNDS";
    public static final String ACCOUNT_NOT_FOUND = "ACCOUNT_NOT_FOUND";
    public static final String CURRENCY_MISMATCH = "CURRENCY_MISMATCH";

    private static final Logger log = LoggerFactory.getLogger(PaymentService.class);

    private final AccountRepository accounts;
    private final PaymentRepository payments;
    private final PaymentEvents events;
    private final Clock clock;

    PaymentService(AccountRepository accounts, PaymentRepository payments, PaymentEvents events, Clock clock) {
        this.accounts = accounts;
        this.payments = payments;
        this.events = events;
        this.clock = clock;
    }

    /** Opens an account. @throws AccountAlreadyExistsException if the id is taken */
    @Transactional
    public Account openAccount(String id, String currency, BigDecimal initialBalance) {
        if (accounts.existsById(id)) {
            throw new AccountAlreadyExistsException(id);
        }
        return accounts.save(Account.open(id, currency, initialBalance, clock.instant()));
    }

    /** The account and its payments, newest first. @throws AccountNotFoundException */
    @Transactional(readOnly = true)
    public AccountStatement statement(String id) {
        Account account = accounts.findById(id).orElseThrow(() -> new AccountNotFoundException(id));
        return new AccountStatement(account, payments.findByAccountIdOrderByCreatedAtDesc(id));
    }

    /**
     * Saga step "charge": takes the amount from the customer's account if it covers it ({@code PaymentCompleted}),
     * else records the failure ({@code PaymentFailed}). An order that already has a payment is left alone.
     */
    @Transactional
    public Payment charge(OrderCreated order) {
        Optional<Payment> existing = payments.findById(order.orderId());
        if (existing.isPresent()) {
            log.info("Order {} already has a payment ({}); not charging again", order.orderId(), existing.get().status());
            return existing.get();
        }
        Instant now = clock.instant();
        Optional<Account> found = accounts.findForUpdate(order.customerId());
        String reason = found.isEmpty() ? ACCOUNT_NOT_FOUND
                : !found.get().currency().equals(order.currency()) ? CURRENCY_MISMATCH
                : !found.get().covers(order.amount()) ? INSUFFICIENT_FUNDS
                : null;
        if (reason != null) {
            Payment failed = payments.save(Payment.failed(order.orderId(), order.customerId(), order.amount(),
                    order.currency(), reason, now));
            events.paymentFailed(new PaymentFailed(order.orderId(), order.customerId(), order.amount(), order.currency(),
                    reason, now));
            return failed;
        }
        found.get().withdraw(order.amount());
        Payment payment = payments.save(Payment.completed(order.orderId(), order.customerId(), order.amount(),
                order.currency(), now));
        events.paymentCompleted(new PaymentCompleted(order.orderId(), order.customerId(), order.amount(),
                order.currency(), now));
        return payment;
    }

    /**
     * Compensation "refund": gives a completed payment's amount back ({@code PaymentRefunded}). Nothing to undo
     * when the order was never charged (failed payment) or is refunded already.
     */
    @Transactional
    public Optional<Payment> refund(OrderCancelled cancelled) {
        Optional<Payment> found = payments.findForUpdate(cancelled.orderId());
        if (found.isEmpty() || found.get().status() != PaymentStatus.COMPLETED) {
            log.info("Order {} cancelled; no completed payment to refund ({})", cancelled.orderId(),
                    found.map(p -> p.status().name()).orElse("no payment"));
            return Optional.empty();
        }
        Payment payment = found.get();
        Account account = accounts.findForUpdate(payment.accountId())
                .orElseThrow(() -> new IllegalStateException("account of payment " + payment.orderId() + " vanished"));
        Instant now = clock.instant();
        account.deposit(payment.amount());
        payment.refund(now);
        events.paymentRefunded(new PaymentRefunded(payment.orderId(), payment.accountId(), payment.amount(),
                payment.currency(), now));
        return Optional.of(payment);
    }

    /**
     * Locks the accounts (those that exist) until the transaction ends, in id order: a transaction that charges or
     * refunds several accounts takes their locks in one global order first, so two such transactions (batches of
     * different consumer members) wait for each other instead of deadlocking.
     */
    @Transactional
    public void lockAccounts(Collection<String> accountIds) {
        if (!accountIds.isEmpty()) {
            accounts.lockInIdOrder(accountIds);
        }
    }

    /** An account with its payments. */
    public record AccountStatement(Account account, List<Payment> payments) {
    }
}
