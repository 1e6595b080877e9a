package io.tributary.platform.log;

import static io.tributary.platform.log.Records.readAll;
import static io.tributary.platform.log.Records.texts;
import static io.tributary.platform.log.Records.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopicAdminTests {

    @TempDir
    Path dataDir;

    private final MutableClock clock = MutableClock.startingAt("2026-11-26T10:00:00Z");
    private ChronicleLogStore store;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    private ChronicleLogStore open() {
        store = ChronicleLogStore.open(LogStoreOptions.of(dataDir).withClock(clock));
        return store;
    }

    private ChronicleLogStore reopen() {
        store.close();
        return open();
    }

    @Test
    void topicsAndConfigsReloadOnRestart() throws Exception {
        TopicConfig custom = TopicConfig.DEFAULTS.with(Map.of(TopicConfig.RETENTION_MS, "60000", TopicConfig.RETENTION_BYTES, "123456",
                TopicConfig.MAX_MESSAGE_BYTES, "2048", TopicConfig.ROLL_CYCLE, "minutely"));
        open().createTopic("payments.events", 3, custom);
        store.createTopic("orders.events", 1, TopicConfig.DEFAULTS);

        reopen();

        assertThat(store.topics()).extracting(TopicLog::name).containsExactly("orders.events", "payments.events");
        TopicLog payments = store.requireTopic("payments.events");
        assertThat(payments.partitionCount()).isEqualTo(3);
        assertThat(payments.config()).isEqualTo(custom);
        assertThat(store.requireTopic("orders.events").config()).isEqualTo(TopicConfig.DEFAULTS);
        assertThat(Files.readString(dataDir.resolve("payments.events").resolve("topic.properties").toAbsolutePath(),
                java.nio.charset.StandardCharsets.ISO_8859_1)).contains("partitions=3", "retention.bytes=123456", "roll.cycle=minutely");
    }

    @Test
    void updatedConfigIsPersisted() {
        TopicLog topic = open().createTopic("orders", 1, TopicConfig.DEFAULTS);
        TopicConfig updated = topic.config().with(Map.of(TopicConfig.RETENTION_MS, "1000", TopicConfig.MAX_MESSAGE_BYTES, "10"));
        topic.updateConfig(updated);
        assertThat(topic.config()).isEqualTo(updated);

        assertThat(reopen().requireTopic("orders").config()).isEqualTo(updated);
    }

    @Test
    void rollCycleCannotBeChanged() {
        TopicLog topic = open().createTopic("orders", 1, TopicConfig.DEFAULTS);
        assertThatThrownBy(() -> topic.updateConfig(topic.config().with(Map.of(TopicConfig.ROLL_CYCLE, "daily"))))
                .isInstanceOf(InvalidTopicConfigException.class);
    }

    @Test
    void raisingMaxMessageBytesLetsLargerRecordsIn() {
        TopicLog topic = open().createTopic("big", 1, TopicConfig.DEFAULTS.with(Map.of(TopicConfig.MAX_MESSAGE_BYTES, "1000")));
        PartitionLog partition = topic.partition(0);
        partition.append(values("small"), null);
        byte[] large = new byte[3 * 1024 * 1024];
        large[large.length - 1] = 7;
        NewRecord record = new NewRecord(null, large, java.util.List.of());
        assertThatThrownBy(() -> partition.append(java.util.List.of(record), null)).isInstanceOf(RecordTooLargeException.class);

        topic.updateConfig(topic.config().with(Map.of(TopicConfig.MAX_MESSAGE_BYTES, Integer.toString(4 * 1024 * 1024))));

        assertThat(partition.append(java.util.List.of(record), null)).isEqualTo(1);
        assertThat(partition.read(1, 1, Long.MAX_VALUE).get(0).value()).isEqualTo(large);
        assertThat(texts(partition.read(0, 1, Long.MAX_VALUE))).containsExactly("small");
        PartitionLog reopened = reopen().requireTopic("big").partition(0);
        assertThat(reopened.read(1, 1, Long.MAX_VALUE).get(0).value()).isEqualTo(large);
    }

    @Test
    void increasePartitionsKeepsOldRecordsAndIsPersisted() {
        TopicLog topic = open().createTopic("orders", 2, TopicConfig.DEFAULTS);
        topic.partition(0).append(values("p0"), null);
        topic.partition(1).append(values("p1"), null);

        topic.increasePartitions(5);

        assertThat(topic.partitionCount()).isEqualTo(5);
        assertThat(topic.partitions()).extracting(PartitionLog::partition).containsExactly(0, 1, 2, 3, 4);
        assertThat(texts(readAll(topic.partition(1)))).containsExactly("p1");
        topic.partition(4).append(values("p4"), null);
        assertThatThrownBy(() -> topic.increasePartitions(5)).isInstanceOf(InvalidTopicConfigException.class);
        assertThatThrownBy(() -> topic.increasePartitions(3)).isInstanceOf(InvalidTopicConfigException.class);
        assertThatThrownBy(() -> topic.partition(5)).isInstanceOf(PartitionNotFoundException.class);

        TopicLog reopened = reopen().requireTopic("orders");
        assertThat(reopened.partitionCount()).isEqualTo(5);
        assertThat(texts(readAll(reopened.partition(0)))).containsExactly("p0");
        assertThat(texts(readAll(reopened.partition(4)))).containsExactly("p4");
    }

    @Test
    void deletedTopicCanBeCreatedAgainEmpty() {
        TopicLog topic = open().createTopic("orders", 2, TopicConfig.DEFAULTS);
        PartitionLog old = topic.partition(0);
        old.append(values("a", "b"), null);

        store.deleteTopic("orders");

        assertThat(store.topic("orders")).isEmpty();
        assertThat(dataDir.resolve("orders")).doesNotExist();
        assertThatThrownBy(() -> old.append(values("c"), null)).isInstanceOf(LogClosedException.class);
        assertThatThrownBy(() -> old.read(0, 1, 100)).isInstanceOf(LogClosedException.class);
        assertThatThrownBy(() -> store.deleteTopic("orders")).isInstanceOf(TopicNotFoundException.class);
        assertThatThrownBy(() -> store.requireTopic("orders")).isInstanceOf(TopicNotFoundException.class);

        TopicLog again = store.createTopic("orders", 1, TopicConfig.DEFAULTS);
        assertThat(again.partitionCount()).isEqualTo(1);
        assertThat(again.partition(0).endOffset()).isZero();
        assertThat(again.partition(0).append(values("fresh"), null)).isZero();
        assertThat(reopen().requireTopic("orders").partition(0).endOffset()).isEqualTo(1);
    }

    @Test
    void deletingATopicWhileAppendersRunFailsThemCleanly() throws Exception {
        TopicLog topic = open().createTopic("busy", 1, TopicConfig.DEFAULTS);
        PartitionLog partition = topic.partition(0);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        var started = new java.util.concurrent.CountDownLatch(3);
        var futures = new java.util.ArrayList<java.util.concurrent.Future<Throwable>>();
        for (int t = 0; t < 3; t++) {
            futures.add(pool.submit(() -> {
                started.countDown();
                try {
                    while (true) {
                        partition.append(values("x", "y"), null);
                        partition.read(Math.max(0, partition.endOffset() - 2), 2, Long.MAX_VALUE);
                    }
                } catch (LogException e) {
                    return e;
                }
            }));
        }
        started.await();
        org.awaitility.Awaitility.await().until(() -> partition.endOffset() > 100);
        store.deleteTopic("busy");
        for (var future : futures) {
            assertThat(future.get(30, java.util.concurrent.TimeUnit.SECONDS))
                    .isInstanceOfAny(LogClosedException.class, TopicNotFoundException.class);
        }
        pool.shutdown();
        assertThat(dataDir.resolve("busy")).doesNotExist();
    }

    @Test
    void existingTopicNameIsRejected() {
        open().createTopic("orders", 1, TopicConfig.DEFAULTS);
        assertThatThrownBy(() -> store.createTopic("orders", 3, TopicConfig.DEFAULTS)).isInstanceOf(TopicAlreadyExistsException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "a/b", ".", "..", "", "a b", "x\\y", "ordérs"})
    void invalidTopicNamesAreRejected(String name) {
        assertThatThrownBy(() -> open().createTopic(name, 1, TopicConfig.DEFAULTS)).isInstanceOf(InvalidTopicConfigException.class);
        assertThat(dataDir.getParent().resolve("x")).doesNotExist();
        assertThat(store.topics()).isEmpty();
    }

    @Test
    void tooLongTopicNameIsRejectedButTheLongestAllowedIsFine() {
        assertThatThrownBy(() -> open().createTopic("a".repeat(250), 1, TopicConfig.DEFAULTS)).isInstanceOf(InvalidTopicConfigException.class);
        assertThat(store.createTopic("a".repeat(249), 1, TopicConfig.DEFAULTS).name()).hasSize(249);
    }

    @Test
    void partitionCountMustBeBetweenOneAndTenThousand() {
        open();
        assertThatThrownBy(() -> store.createTopic("zero", 0, TopicConfig.DEFAULTS)).isInstanceOf(InvalidTopicConfigException.class);
        assertThatThrownBy(() -> store.createTopic("many", 10_001, TopicConfig.DEFAULTS)).isInstanceOf(InvalidTopicConfigException.class);
        assertThat(store.topics()).isEmpty();
        assertThat(dataDir.resolve("zero")).doesNotExist();
    }

    @Test
    void leftoverFolderWithoutMetadataIsRemovedAtOpen() throws Exception {
        Files.createDirectories(dataDir.resolve("half-deleted").resolve("0"));
        open();
        assertThat(store.topics()).isEmpty();
        assertThat(dataDir.resolve("half-deleted")).doesNotExist();
    }

    @Test
    void closedStoreRefusesWork() {
        PartitionLog partition = open().createTopic("orders", 1, TopicConfig.DEFAULTS).partition(0);
        store.close();
        assertThatThrownBy(() -> partition.append(values("late"), null)).isInstanceOf(LogClosedException.class);
        assertThatThrownBy(() -> store.createTopic("other", 1, TopicConfig.DEFAULTS)).isInstanceOf(LogClosedException.class);
        store.close();
    }

    @Test
    void statsListEveryPartition() {
        TopicLog topic = open().createTopic("orders", 2, TopicConfig.DEFAULTS);
        topic.partition(1).append(values("a", "b"), null);
        Map<String, java.util.List<PartitionStats>> stats = store.stats();
        assertThat(stats).containsOnlyKeys("orders");
        assertThat(stats.get("orders")).extracting(PartitionStats::partition, PartitionStats::beginningOffset, PartitionStats::endOffset)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, 0L, 0L), org.assertj.core.groups.Tuple.tuple(1, 0L, 2L));
        assertThat(stats.get("orders").get(1).sizeInBytes()).isGreaterThan(stats.get("orders").get(0).sizeInBytes());
    }

    @Test
    void manyTopicsReopenWithEveryRecordInItsPartition() {
        open();
        for (int t = 0; t < 40; t++) {
            TopicLog topic = store.createTopic(name(t), 3, TopicConfig.DEFAULTS);
            for (int p = 0; p < 3; p++) {
                topic.partition(p).append(values(name(t) + "/" + p + "/a", name(t) + "/" + p + "/b"), null);
            }
        }

        reopen();

        assertThat(store.topics()).hasSize(40);
        for (int t = 0; t < 40; t++) {
            TopicLog topic = store.requireTopic(name(t));
            assertThat(topic.partitionCount()).isEqualTo(3);
            for (int p = 0; p < 3; p++) {
                assertThat(texts(readAll(topic.partition(p)))).containsExactly(name(t) + "/" + p + "/a", name(t) + "/" + p + "/b");
                assertThat(topic.partition(p).append(values("c"), null)).isEqualTo(2);
            }
        }
    }

    @Test
    void aPartitionThatCannotOpenFailsTheStoreWithItsOwnErrorAndLeavesNoFileOpen() throws IOException {
        assumeProcSelf();
        open();
        for (int t = 0; t < 5; t++) {
            store.createTopic(name(t), 3, TopicConfig.DEFAULTS).partition(0).append(values("kept"), null);
        }
        store.close();
        // Partition 1 of one topic: a file where its folder should be.
        Path broken = dataDir.resolve(name(2)).resolve("1");
        deleteRecursively(broken);
        Files.writeString(broken, "not a folder");

        assertThatThrownBy(this::open).isInstanceOf(LogStorageException.class).hasMessageContaining(broken.toString());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(filesInUse(dataDir, "")).isEmpty());

        Files.delete(broken);
        open();
        assertThat(texts(readAll(store.requireTopic(name(2)).partition(0)))).containsExactly("kept");
        assertThat(store.requireTopic(name(2)).partition(1).endOffset()).isZero();
    }

    @Test
    void reopenedPartitionsMapNoCycleFileUntilAppendedTo() throws IOException {
        assumeProcSelf();
        open();
        for (int t = 0; t < 3; t++) {
            TopicLog topic = store.createTopic(name(t), 2, TopicConfig.DEFAULTS);
            topic.partition(0).append(values("a", "b"), null);
            topic.partition(1).append(values("c"), null);
        }

        reopen();
        assertThat(store.requireTopic(name(1)).partition(1).endOffset()).isEqualTo(1);
        // Recovery read every cycle file; what it mapped is released (Chronicle unmaps in the background).
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(filesInUse(dataDir, ".cq4")).isEmpty());

        store.requireTopic(name(1)).partition(1).append(values("d"), null);
        assertThat(filesInUse(dataDir, ".cq4")).singleElement().asString()
                .startsWith(dataDir.toRealPath().resolve(name(1)).resolve("1") + "/");
    }

    private static String name(int topic) {
        return String.format(Locale.ROOT, "topic-%02d", topic);
    }

    /** The checks of open files and mappings read /proc/self (Linux). */
    private static void assumeProcSelf() {
        Assumptions.assumeTrue(Files.isReadable(Path.of("/proc/self/maps")), "needs /proc/self (Linux)");
    }

    /** Files under {@code dir} ending in {@code suffix} that this process has mapped or open. */
    private static Set<String> filesInUse(Path dir, String suffix) throws IOException {
        String prefix = dir.toRealPath().toString();
        Set<String> files = new TreeSet<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
            int slash = line.indexOf('/');
            if (slash >= 0) {
                files.add(line.substring(slash).replace(" (deleted)", ""));
            }
        }
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            fds.forEach(fd -> {
                try {
                    files.add(Files.readSymbolicLink(fd).toString());
                } catch (IOException e) {
                    // closed while we listed
                }
            });
        }
        files.removeIf(file -> !file.startsWith(prefix + "/") || !file.endsWith(suffix));
        return files;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
