package io.tributary.samples.messaging;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The event ids a consumer's batch recorded as applied in one statement, before it applies them, kept with the
 * batch's transaction (and gone when it ends, committed or rolled back): each event then asks here instead of
 * inserting its id on its own, one round trip per event.
 */
public final class BatchMarks {

    private final Object owner;

    /** @param owner keeps this table's marks apart from other tables' in the same transaction */
    public BatchMarks(Object owner) {
        this.owner = owner;
    }

    /** What a batch recorded for an event id. */
    public enum Mark {
        /** Not among the ids this transaction's batches recorded: record it on its own. */
        NOT_MARKED,
        /** Recorded by the batch and not applied before: apply it (only the first of the batch's records with this id gets this). */
        APPLY,
        /** Applied before, or earlier in this batch: skip it. */
        DUPLICATE
    }

    /**
     * In the batch's transaction: records the batch's {@code ids} with {@code record} (one statement, returning the
     * ids that were new), and keeps the answer for {@link #take}.
     *
     * @throws IllegalStateException outside a transaction (before anything is recorded)
     */
    public void mark(Collection<String> ids, Function<Collection<String>, Set<String>> record) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            throw new IllegalStateException("a batch's ids are marked in the batch's transaction");
        }
        if (ids.isEmpty()) {
            return;
        }
        Set<String> fresh = record.apply(ids);
        if (TransactionSynchronizationManager.getResource(owner) instanceof Marked earlier) {
            earlier.batch().addAll(ids);
            earlier.fresh().addAll(fresh);
            return;
        }
        TransactionSynchronizationManager.bindResource(owner, new Marked(new HashSet<>(ids), new HashSet<>(fresh)));
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(owner);
            }
        });
    }

    /** What the current transaction's batch recorded for {@code id}; APPLY is answered once per id. */
    public Mark take(String id) {
        if (!(TransactionSynchronizationManager.getResource(owner) instanceof Marked marked) || !marked.batch().contains(id)) {
            return Mark.NOT_MARKED;
        }
        return marked.fresh().remove(id) ? Mark.APPLY : Mark.DUPLICATE;
    }

    private record Marked(Set<String> batch, Set<String> fresh) {
    }
}
