package io.tributary.payments.payment;

import jakarta.persistence.LockModeType;
import jakarta.persistence.QueryHint;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.hibernate.jpa.HibernateHints;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.jpa.repository.QueryHints;

interface AccountRepository extends JpaRepository<Account, String> {

    /**
     * The account, locked until the transaction ends: charges of one account from several partitions queue here.
     *
     * <p>Without flushing first: a query by id cannot be changed by the session's pending changes (an account in
     * the session already is returned as the session has it). With the default AUTO flush mode every charge in a
     * consumer's batch transaction dirty-checked all accounts and payments of the batch before it: quadratic in
     * the batch size.
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @QueryHints(@QueryHint(name = HibernateHints.HINT_FLUSH_MODE, value = "COMMIT"))
    @Query("select a from Account a where a.id = :id")
    Optional<Account> findForUpdate(String id);

    /** The accounts, locked in id order (PostgreSQL locks the rows as the sort returns them). */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select a from Account a where a.id in :ids order by a.id")
    List<Account> lockInIdOrder(Collection<String> ids);
}
