package io.tributary.platform.log;

import static io.tributary.platform.log.Records.readAll;
import static io.tributary.platform.log.Records.texts;
import static io.tributary.platform.log.Records.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
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
