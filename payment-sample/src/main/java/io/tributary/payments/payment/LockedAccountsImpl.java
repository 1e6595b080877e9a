package io.tributary.payments.payment;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.util.Optional;

/** The fragment behind {@link LockedAccounts}; Spring Data finds it by the {@code Impl} suffix. */
class LockedAccountsImpl implements LockedAccounts {

    private final EntityManager entities;

    LockedAccountsImpl(EntityManager entities) {
        this.entities = entities;
    }

    @Override
    public Optional<Account> findForUpdate(String id) {
        return Optional.ofNullable(entities.find(Account.class, id, LockModeType.PESSIMISTIC_WRITE));
    }
}
