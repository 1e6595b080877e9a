package io.tributary.platform.consume;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * One consumer instance (a member of a group). In memory only: gone after a restart.
 *
 * <p>Mutable fields are guarded by the monitor of {@link #group}; {@link #lastSeenMillis} and
 * {@link #activeFetches} are read without it by the expiry sweep.
 */
final class ConsumerInstance {

    final ConsumerGroup group;
    final String name;
    final ConsumerSettings settings;
    final long createdMillis;
    volatile long lastSeenMillis;
    /** Fetches waiting for records: an instance in a long poll is not idle. */
    final AtomicInteger activeFetches = new AtomicInteger();
    /** Wakers of this instance's waiting fetches, run when its assignment changes. */
    final Set<Runnable> waiters = new CopyOnWriteArraySet<>();

    boolean live = true;
    @Nullable Subscription subscription;
    /** Partitions assigned by hand ({@code POST .../assignments}); null when not assigned. */
    @Nullable Set<TopicPartition> manualAssignment;
    /** Partitions this instance may read and commit now. */
    Set<TopicPartition> owned = new TreeSet<>();
    /** Next offset to fetch per owned partition; absent means "start at the committed offset or reset". */
    final Map<TopicPartition, Long> positions = new HashMap<>();
    /** Rotates the partition a fetch starts with, so one busy partition cannot starve the others. */
    int nextPartitionIndex;

    ConsumerInstance(ConsumerGroup group, String name, ConsumerSettings settings, long nowMillis) {
        this.group = group;
        this.name = name;
        this.settings = settings;
        this.createdMillis = nowMillis;
        this.lastSeenMillis = nowMillis;
    }

    String groupName() {
        return group.name();
    }

    boolean idleSince(long nowMillis) {
        return activeFetches.get() == 0 && nowMillis - lastSeenMillis >= settings.instanceTimeout().toMillis();
    }

    void wakeWaiters() {
        waiters.forEach(Runnable::run);
    }

    @Override
    public String toString() {
        return group.name() + "/" + name;
    }
}
