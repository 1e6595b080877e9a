package io.tributary.payments.payment;

/** No account with that id (answered with 404). */
public final class AccountNotFoundException extends RuntimeException {

    public AccountNotFoundException(String id) {
        super("Account " + id + " not found");
    }
}
