package io.tributary.payments.payment;

/** An account with that id exists already (answered with 409). */
public final class AccountAlreadyExistsException extends RuntimeException {

    public AccountAlreadyExistsException(String id) {
        super("Account " + id + " exists already");
    }
}
