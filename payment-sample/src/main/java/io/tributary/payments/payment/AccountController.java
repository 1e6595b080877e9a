package io.tributary.payments.payment;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
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
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /accounts}, {@code GET /accounts/{id}}. */
@RestController
class AccountController {

    private final PaymentService payments;

    AccountController(PaymentService payments) {
        this.payments = payments;
    }

    @PostMapping("/accounts")
    ResponseEntity<AccountResponse> open(@Valid @RequestBody OpenAccountRequest request) {
        Account account = payments.openAccount(request.customerId(), request.currency(), request.balance());
        return ResponseEntity.status(HttpStatus.CREATED)
                .location(URI.create("/accounts/" + account.id()))
                .body(AccountResponse.of(new PaymentService.AccountStatement(account, List.of())));
    }

    @GetMapping("/accounts/{id}")
    AccountResponse account(@PathVariable String id) {
        return AccountResponse.of(payments.statement(id));
    }

    /** A new account for a customer (the account id is the customer id). */
    record OpenAccountRequest(
            @NotBlank @Pattern(regexp = "[A-Za-z0-9._-]{1,64}") String customerId,
            @NotBlank @Pattern(regexp = "[A-Z]{3}") String currency,
            @NotNull @DecimalMin("0.00") BigDecimal balance) {
    }

    record AccountResponse(String id, String currency, BigDecimal balance, Instant createdAt, List<PaymentResponse> payments) {

        static AccountResponse of(PaymentService.AccountStatement statement) {
            Account account = statement.account();
            return new AccountResponse(account.id(), account.currency(), account.balance(), account.createdAt(),
                    statement.payments().stream().map(PaymentResponse::of).toList());
        }
    }

    record PaymentResponse(String orderId, BigDecimal amount, String currency, PaymentStatus status,
            @Nullable String failureReason, Instant createdAt, @Nullable Instant refundedAt) {

        static PaymentResponse of(Payment p) {
            return new PaymentResponse(p.orderId(), p.amount(), p.currency(), p.status(), p.failureReason(),
                    p.createdAt(), p.refundedAt());
        }
    }
}
