package io.tributary.payments.payment;

import java.util.Optional;

/** {@link AccountRepository}'s lock by primary key, implemented with the entity manager ({@link LockedAccountsImpl}). */
interface LockedAccounts {

    /**
     * The account, locked until the transaction ends: charges of one account from several partitions queue here.
     *
     * <p>{@code EntityManager.find} with a lock, not a JPQL query: an account that the batch's
     * {@link AccountRepository#lockInIdOrder} locked and loaded already is returned from the session without a
     * statement (a JPQL query selected it {@code FOR UPDATE} again, one round trip per charge); it flushes nothing
     * first (with AUTO flush every charge of a batch dirty-checked the accounts and payments before it: quadratic
     * in the batch); and Spring Data does not build a query object per call.
     */
    Optional<Account> findForUpdate(String id);
}
