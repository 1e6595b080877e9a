package io.tributary.platform.log;

import static io.tributary.platform.log.Records.readAll;
import static io.tributary.platform.log.Records.texts;
import static io.tributary.platform.log.Records.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurabilityTests {

    @TempDir
    Path dataDir;

    private final MutableClock clock = MutableClock.startingAt("2026-11-26T10:00:00Z");

    @Test
    void flushAlwaysAppendsAcrossCyclesAndSurvivesReopen() {
        LogStoreOptions options = LogStoreOptions.of(dataDir).withClock(clock).withFlush(FlushPolicy.ALWAYS);
        try (ChronicleLogStore store = ChronicleLogStore.open(options)) {
            PartitionLog partition = store.createTopic("safe", 1, TopicConfig.DEFAULTS.with(Map.of(TopicConfig.ROLL_CYCLE, "secondly"))).partition(0);
            partition.append(values("a", "b"), null);
            clock.advance(Duration.ofSeconds(1));
            partition.append(values("c"), null);
        }
        try (ChronicleLogStore store = ChronicleLogStore.open(options)) {
            assertThat(texts(readAll(store.requireTopic("safe").partition(0)))).containsExactly("a", "b", "c");
        }
    }

    @Test
    void appendsWaitingForAForceShareTheNextOneAndAreSeenOnlyOnceForced() throws Exception {
        LogStoreOptions options = LogStoreOptions.of(dataDir).withClock(clock).withFlush(FlushPolicy.ALWAYS);
        ExecutorService producers = Executors.newFixedThreadPool(2);
        try (ChronicleLogStore store = ChronicleLogStore.open(options)) {
            ChroniclePartitionLog partition = (ChroniclePartitionLog) store.createTopic("safe", 1, TopicConfig.DEFAULTS).partition(0);
            GroupCommit commits = partition.groupCommit();
            List<Future<Long>> appends;
            long forcesBefore;
            commits.lockForcing(); // as a force in progress would
            try {
                forcesBefore = commits.forces();
                appends = List.of(producers.submit(() -> partition.append(values("a"), null)),
                        producers.submit(() -> partition.append(values("b"), null)));
                await().atMost(Duration.ofSeconds(10)).until(() -> commits.waiting() == 2);
                // Both records are written, neither is on the device yet: readers must not see them.
                assertThat(partition.endOffset()).isZero();
                assertThat(partition.read(0, 10, Long.MAX_VALUE)).isEmpty();
            } finally {
                commits.unlockForcing();
            }
            Set<Long> offsets = new HashSet<>();
            for (Future<Long> append : appends) {
                offsets.add(append.get(10, TimeUnit.SECONDS));
            }
            assertThat(offsets).containsExactlyInAnyOrder(0L, 1L);
            assertThat(commits.forces() - forcesBefore).as("one force for both appends").isEqualTo(1);
            assertThat(partition.endOffset()).isEqualTo(2);
            assertThat(texts(readAll(partition))).containsExactlyInAnyOrder("a", "b");
        } finally {
            producers.shutdownNow();
        }
    }

    @Test
    void aDataDirectoryIsOpenedByOneStoreAtATime() {
        try (ChronicleLogStore store = ChronicleLogStore.open(LogStoreOptions.of(dataDir))) {
            assertThatThrownBy(() -> ChronicleLogStore.open(LogStoreOptions.of(dataDir))).isInstanceOf(LogStorageException.class);
            store.createTopic("still-works", 1, TopicConfig.DEFAULTS);
        }
        try (ChronicleLogStore store = ChronicleLogStore.open(LogStoreOptions.of(dataDir))) {
            assertThat(store.topic("still-works")).isPresent();
        }
    }
}
