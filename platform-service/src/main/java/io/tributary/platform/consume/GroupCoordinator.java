package io.tributary.platform.consume;

import io.tributary.platform.PlatformProperties;
import io.tributary.platform.log.LogStore;
import io.tributary.platform.log.PartitionLog;
import io.tributary.platform.web.ApiException;
import io.tributary.platform.web.ErrorCode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Keeps the consumer groups: creates, finds and expires instances, and divides the partitions of the
 * subscribed topics among a group's live members with the {@link StickyAssignor}. A rebalance runs
 * when a member joins (subscribes), leaves, is deleted, changes its subscription or expires, and when a
 * subscribed topic appears (pattern subscriptions) or gains partitions (checked every second).
 *
 * <p>Thread-safe. All state of a group and its members is guarded by the group's monitor.
 */
@Component
final class GroupCoordinator implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(GroupCoordinator.class);
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9._\\-]{1,249}");
    private static final long SWEEP_MILLIS = 200;
    private static final int TOPOLOGY_EVERY_N_SWEEPS = 5;

    private final GroupTopics topics;
    private final OffsetStore offsets;
    private final PlatformProperties.Consumers limits;
    private final Clock clock;
    private final ConsumerMetrics metrics;
    private final Map<String, ConsumerGroup> groups = new ConcurrentHashMap<>();
    private final AtomicInteger instanceCount = new AtomicInteger();
    private final DepartedInstances departed;
    private final ScheduledExecutorService sweeper;
    private int sweeps;

    GroupCoordinator(LogStore logStore, OffsetStore offsets, PlatformProperties properties, ObjectProvider<Clock> clock,
                     ConsumerMetrics metrics) {
        this.topics = new GroupTopics(logStore);
        this.offsets = offsets;
        this.limits = properties.consumers();
        this.clock = clock.getIfAvailable(Clock::systemUTC);
        this.metrics = metrics;
        this.departed = new DepartedInstances(offsets, this.clock.instant());
        this.sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "consumer-group-sweeper");
            thread.setDaemon(true);
            return thread;
        });
        sweeper.scheduleWithFixedDelay(this::sweepQuietly, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    // ---- instances -------------------------------------------------------------------------------

    /** Creates an instance; 409 if the name is taken in the group, 429 beyond the instance caps. */
    ConsumerInstance create(String groupName, CreateConsumerRequest request) {
        requireName("group", groupName);
        String name = request.name() == null || request.name().isBlank()
                ? "consumer-" + UUID.randomUUID() : request.name().trim();
        requireName("name", name);
        ConsumerSettings settings = ConsumerSettings.from(request, limits.instanceTimeout());
        if (instanceCount.incrementAndGet() > limits.maxInstances()) {
            instanceCount.decrementAndGet();
            throw new ApiException(ErrorCode.TOO_MANY_REQUESTS, "The platform already has " + limits.maxInstances()
                    + " consumer instances (tributary.platform.consumers.max-instances); delete unused ones");
        }
        boolean created = false;
        try {
            while (true) {
                ConsumerGroup group = groups.computeIfAbsent(groupName, ConsumerGroup::new);
                synchronized (group) {
                    if (group.removed) {
                        continue;
                    }
                    if (group.members.containsKey(name)) {
                        throw new ApiException(ErrorCode.CONSUMER_ALREADY_EXISTS, "Consumer instance " + name
                                + " already exists in group " + groupName);
                    }
                    if (group.members.size() >= limits.maxInstancesPerGroup()) {
                        throw new ApiException(ErrorCode.TOO_MANY_REQUESTS, "Group " + groupName + " already has "
                                + limits.maxInstancesPerGroup() + " instances (tributary.platform.consumers.max-instances-per-group)");
                    }
                    ConsumerInstance instance = new ConsumerInstance(group, name, settings, clock.millis());
                    group.members.put(name, instance);
                    created = true;
                    departed.forget(groupName, name);
                    log.info("Consumer instance {} created ({}, auto.offset.reset={}, auto commit {})",
                            instance, settings.format().wireName(), settings.autoOffsetReset(), settings.autoCommit());
                    return instance;
                }
            }
        } finally {
            if (!created) {
                instanceCount.decrementAndGet();
            }
        }
    }

    /** The live instance, marked as seen now; 404 (40403) saying why when it is gone. */
    ConsumerInstance find(String groupName, String name) {
        ConsumerGroup group = groups.get(groupName);
        ConsumerInstance instance = null;
        if (group != null) {
            synchronized (group) {
                instance = group.members.get(name);
            }
        }
        if (instance == null) {
            throw departed.notFound(groupName, name);
        }
        instance.lastSeenMillis = clock.millis();
        return instance;
    }

    /** Must be called holding the group's monitor: the instance may have expired since {@link #find}. */
    void requireLive(ConsumerInstance instance) {
        if (!instance.live) {
            throw departed.notFound(instance.groupName(), instance.name);
        }
    }

    /** Leaves the group at once (committing first if auto commit is on, as a Kafka consumer's close does). */
    void delete(ConsumerInstance instance) {
        synchronized (instance.group) {
            requireLive(instance);
            if (instance.settings.autoCommit()) {
                commitPositions(instance, instance.owned);
            }
            remove(instance, "was deleted");
            log.info("Consumer instance {} deleted", instance);
        }
        instance.wakeWaiters();
    }

    // ---- subscription and assignment -------------------------------------------------------------

    void subscribe(ConsumerInstance instance, SubscriptionRequest request) {
        Subscription subscription = topics.subscription(request);
        synchronized (instance.group) {
            requireLive(instance);
            if (instance.manualAssignment != null) {
                throw new ApiException(ErrorCode.CONSUMER_ALREADY_SUBSCRIBED,
                        "Consumer instance " + instance.name + " has a manual assignment; subscription and assignment cannot be mixed");
            }
            if (subscription.equals(instance.subscription)) {
                return;
            }
            instance.subscription = subscription;
            rebalance(instance.group, instance.name + " subscribed to " + subscription);
        }
    }

    SubscriptionResponse subscription(ConsumerInstance instance) {
        synchronized (instance.group) {
            requireLive(instance);
            Subscription subscription = instance.subscription;
            if (subscription == null) {
                return new SubscriptionResponse(List.of(), null);
            }
            if (subscription.pattern() == null) {
                return new SubscriptionResponse(subscription.topics(), null);
            }
            return new SubscriptionResponse(List.copyOf(subscription.resolve(topics.names())), subscription.pattern().pattern());
        }
    }

    void unsubscribe(ConsumerInstance instance) {
        synchronized (instance.group) {
            requireLive(instance);
            if (instance.subscription == null) {
                return;
            }
            if (instance.settings.autoCommit()) {
                commitPositions(instance, instance.owned);
            }
            instance.subscription = null;
            instance.owned = new TreeSet<>();
            instance.positions.clear();
            rebalance(instance.group, instance.name + " unsubscribed");
        }
    }

    void assign(ConsumerInstance instance, List<TopicPartition> requested) {
        List<TopicPartition> partitions = requested.stream().map(TopicPartition::require).toList();
        for (TopicPartition tp : partitions) {
            requirePartition(tp);
        }
        synchronized (instance.group) {
            requireLive(instance);
            if (instance.subscription != null) {
                throw new ApiException(ErrorCode.CONSUMER_ALREADY_SUBSCRIBED,
                        "Consumer instance " + instance.name + " is subscribed; subscription and assignment cannot be mixed");
            }
            Set<TopicPartition> assigned = new TreeSet<>(partitions);
            instance.positions.keySet().retainAll(assigned);
            instance.manualAssignment = assigned;
            instance.owned = new TreeSet<>(assigned);
        }
        instance.wakeWaiters();
    }

    /** What the instance owns now (its manual assignment, or its share of the group's subscription). */
    List<TopicPartition> assignment(ConsumerInstance instance) {
        synchronized (instance.group) {
            requireLive(instance);
            return List.copyOf(instance.owned);
        }
    }

    // ---- positions and commits (callers hold the group's monitor) --------------------------------

    /** Where fetching a newly owned partition starts: the committed offset if still stored, else the reset policy. */
    long startOffset(ConsumerInstance instance, TopicPartition tp, PartitionLog partition) {
        OptionalLong committed = offsets.committed(instance.groupName(), tp);
        if (committed.isPresent()) {
            long offset = committed.getAsLong();
            if (offset >= partition.beginningOffset() && offset <= partition.endOffset()) {
                return offset;
            }
            log.info("Committed offset {} of {} for {} is out of range [{}, {}]; resetting to {}", offset, instance.groupName(),
                    tp, partition.beginningOffset(), partition.endOffset(), instance.settings.autoOffsetReset());
        }
        return resetOffset(instance, partition);
    }

    long resetOffset(ConsumerInstance instance, PartitionLog partition) {
        return instance.settings.resetToEarliest() ? partition.beginningOffset() : partition.endOffset();
    }

    /** Commits the instance's positions of the given partitions that moved past the committed offset. */
    void commitPositions(ConsumerInstance instance, Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> toCommit = new TreeMap<>();
        for (TopicPartition tp : partitions) {
            Long position = instance.positions.get(tp);
            if (position != null && offsets.committed(instance.groupName(), tp).orElse(-1) != position) {
                toCommit.put(tp, position);
            }
        }
        commit(instance.groupName(), toCommit);
    }

    /** Durably commits; a disk failure is answered 503, never 500. */
    void commit(String group, Map<TopicPartition, Long> toCommit) {
        if (toCommit.isEmpty()) {
            return;
        }
        try {
            offsets.commit(group, toCommit);
        } catch (RuntimeException e) {
            log.error("Committing offsets of group {} failed", group, e);
            throw new ApiException(ErrorCode.UNAVAILABLE, "Could not store the committed offsets durably; retry");
        }
        metrics.committed(group);
    }

    PartitionLog requirePartition(TopicPartition tp) {
        return topics.requirePartition(tp);
    }

    // ---- groups (admin views) --------------------------------------------------------------------

    /** Live groups and groups that only have committed offsets, sorted by name. */
    Set<String> groupNames() {
        Set<String> names = new TreeSet<>(offsets.groups());
        groups.forEach((name, group) -> {
            synchronized (group) {
                if (!group.members.isEmpty()) {
                    names.add(name);
                }
            }
        });
        return names;
    }

    Optional<ConsumerGroup> liveGroup(String name) {
        return Optional.ofNullable(groups.get(name));
    }

    /** Runs the action holding the group's monitor, provided it has no live members; 409 otherwise. */
    void whileEmpty(String groupName, Runnable action) {
        while (true) {
            ConsumerGroup group = groups.computeIfAbsent(groupName, ConsumerGroup::new);
            synchronized (group) {
                if (group.removed) {
                    continue;
                }
                if (!group.members.isEmpty()) {
                    throw new ApiException(ErrorCode.CONFLICT, "Group " + groupName + " has " + group.members.size()
                            + " live member(s); offsets can only be reset while it has none (delete them or let them expire)");
                }
                action.run();
                return;
            }
        }
    }

    /** Tributary extension: the group's members and their assignment; 404 if neither live nor committed. */
    GroupDescription describe(String groupName) {
        List<GroupDescription.Member> members = new ArrayList<>();
        int generation = 0;
        ConsumerGroup group = groups.get(groupName);
        long now = clock.millis();
        if (group != null) {
            synchronized (group) {
                generation = group.generation;
                for (ConsumerInstance m : group.members.values()) {
                    Subscription s = m.subscription;
                    members.add(new GroupDescription.Member(m.name, m.settings.format().wireName(),
                            s == null ? List.of() : s.topics(), s == null || s.pattern() == null ? null : s.pattern().pattern(),
                            m.manualAssignment != null, List.copyOf(m.owned), m.settings.autoCommit(),
                            Math.max(0, now - m.lastSeenMillis), m.settings.instanceTimeout().toMillis()));
                }
            }
        }
        if (members.isEmpty() && offsets.committed(groupName).isEmpty()) {
            throw new ApiException(ErrorCode.NOT_FOUND, "Consumer group " + groupName + " not found");
        }
        return new GroupDescription(groupName, members.isEmpty() ? "Empty" : "Stable", generation, members);
    }

    /** Tributary extension: every group with live members or committed offsets. */
    List<GroupSummary> summaries() {
        Map<String, Integer> counts = memberCounts();
        return groupNames().stream()
                .map(name -> new GroupSummary(name, counts.getOrDefault(name, 0) > 0 ? "Stable" : "Empty", counts.getOrDefault(name, 0)))
                .toList();
    }

    boolean knownGroup(String name) {
        return groupNames().contains(name);
    }

    long nowMillis() {
        return clock.millis();
    }

    // ---- rebalance and expiry --------------------------------------------------------------------

    /** Recomputes the assignment of the group's subscribed members; caller holds the group's monitor. */
    private void rebalance(ConsumerGroup group, String reason) {
        Map<String, Integer> counts = topics.partitionCounts();
        Map<String, Set<String>> subscriptions = new HashMap<>();
        Map<String, Set<TopicPartition>> previous = new HashMap<>();
        Map<Subscription, Set<String>> resolved = new HashMap<>();
        for (ConsumerInstance member : group.members.values()) {
            if (member.subscription != null) {
                subscriptions.put(member.name, resolved.computeIfAbsent(member.subscription, s -> s.resolve(counts.keySet())));
                previous.put(member.name, member.owned);
            }
        }
        Map<String, Set<TopicPartition>> assignment = StickyAssignor.assign(subscriptions, counts, previous);
        for (ConsumerInstance member : group.members.values()) {
            Set<TopicPartition> owned = assignment.get(member.name);
            if (owned != null) {
                apply(member, owned);
            }
        }
        group.topology = GroupTopics.topology(subscriptions.values(), counts);
        group.generation++;
        metrics.rebalanced(group.name());
        log.info("Rebalanced group {} (generation {}, {}): {}", group.name(), group.generation, reason, assignment);
        group.members.values().forEach(ConsumerInstance::wakeWaiters);
    }

    private void apply(ConsumerInstance member, Set<TopicPartition> owned) {
        Set<TopicPartition> revoked = new TreeSet<>(member.owned);
        revoked.removeAll(owned);
        if (!revoked.isEmpty() && member.settings.autoCommit()) {
            try {
                commitPositions(member, revoked);
            } catch (ApiException e) {
                log.warn("Auto commit of {} for revoked {} failed: {}", member, revoked, e.getMessage());
            }
        }
        member.positions.keySet().retainAll(owned);
        member.owned = new TreeSet<>(owned);
    }

    private void remove(ConsumerInstance instance, String why) {
        ConsumerGroup group = instance.group;
        instance.live = false;
        group.members.remove(instance.name);
        instanceCount.decrementAndGet();
        departed.remember(group.name(), instance.name, why);
        if (instance.subscription != null) {
            rebalance(group, instance.name + " " + why);
        }
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            log.warn("Consumer group sweep failed", e);
        }
    }

    /** Expires idle instances; every second also rebalances groups whose subscribed topics changed. */
    void sweep() {
        long now = clock.millis();
        boolean checkTopology = ++sweeps % TOPOLOGY_EVERY_N_SWEEPS == 0;
        Map<String, Integer> counts = checkTopology ? topics.partitionCounts() : Map.of();
        for (ConsumerGroup group : groups.values()) {
            synchronized (group) {
                for (ConsumerInstance instance : new ArrayList<>(group.members.values())) {
                    if (instance.idleSince(now)) {
                        long idle = now - instance.lastSeenMillis;
                        remove(instance, "expired after " + idle + " ms idle (consumer.instance.timeout.ms is "
                                + instance.settings.instanceTimeout().toMillis() + ")");
                        log.info("Consumer instance {} expired after {} ms idle", instance, idle);
                    }
                }
                if (checkTopology && group.hasSubscribedMembers()) {
                    Map<Subscription, Set<String>> resolved = new HashMap<>();
                    for (ConsumerInstance member : group.members.values()) {
                        if (member.subscription != null) {
                            resolved.computeIfAbsent(member.subscription, s -> s.resolve(counts.keySet()));
                        }
                    }
                    Map<String, Integer> topology = GroupTopics.topology(resolved.values(), counts);
                    if (!topology.equals(group.topology)) {
                        rebalance(group, "subscribed topics changed to " + topology);
                    }
                }
                if (group.members.isEmpty()) {
                    group.removed = true;
                    groups.remove(group.name(), group);
                }
            }
        }
        if (checkTopology) {
            metrics.refresh(this);
        }
    }

    /** Live member counts per group, for the members gauge. */
    Map<String, Integer> memberCounts() {
        Map<String, Integer> counts = new TreeMap<>();
        groups.forEach((name, group) -> {
            synchronized (group) {
                counts.put(name, group.members.size());
            }
        });
        return counts;
    }

    @Override
    public void destroy() {
        sweeper.shutdownNow();
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static void requireName(String what, String value) {
        if (!NAME.matcher(value).matches()) {
            throw new ApiException(ErrorCode.INVALID_CONSUMER_CONFIG, "Consumer " + what + " must be 1 to 249 characters of [a-zA-Z0-9._-]");
        }
    }
}
