package io.tributary.platform.log;

import static io.tributary.platform.log.Records.readAll;
import static io.tributary.platform.log.Records.texts;
import static io.tributary.platform.log.Records.values;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Real process deaths: a child JVM appends and is killed (SIGKILL) or halts inside a document. */
class CrashRecoveryTests {

    private static final Logger log = LoggerFactory.getLogger(CrashRecoveryTests.class);

    @TempDir
    Path dataDir;

    @Test
    void killMinusNineLosesNoAcknowledgedRecord() throws Exception {
        Process child = startChild("append-forever");
        long lastAcked = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("acked ")) {
                    lastAcked = Long.parseLong(line.substring(6));
                    if (lastAcked >= 2000) {
                        child.destroyForcibly();
                        break;
                    }
                }
            }
        }
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(lastAcked).isGreaterThanOrEqualTo(2000);

        long started = System.nanoTime();
        try (ChronicleLogStore store = ChronicleLogStore.open(LogStoreOptions.of(dataDir))) {
            PartitionLog partition = store.requireTopic("crash").partition(0);
            long newOffset = partition.append(values("after-crash"), null);
            log.info("Reopened and appended {} ms after a kill -9", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));

            assertThat(partition.endOffset()).isGreaterThan(lastAcked + 1);
            assertThat(newOffset).isEqualTo(partition.endOffset() - 1);
            List<StoredRecord> all = readAll(partition);
            assertThat(all).hasSize((int) partition.endOffset());
            for (int i = 0; i <= lastAcked; i++) {
                assertThat(Records.text(all.get(i))).isEqualTo("record-" + i);
            }
            assertThat(Records.text(all.get(all.size() - 1))).isEqualTo("after-crash");
        }
    }

    @Test
    void writerThatDiedInsideADocumentDoesNotBlockOrCorruptTheLog() throws Exception {
        Process child = startChild("die-mid-write");
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output).contains("dying");

        long started = System.nanoTime();
        try (ChronicleLogStore store = ChronicleLogStore.open(LogStoreOptions.of(dataDir))) {
            PartitionLog partition = store.requireTopic("crash").partition(0);
            assertThat(partition.endOffset()).isEqualTo(3);
            assertThat(partition.append(values("after-crash"), null)).isEqualTo(3);
            log.info("Reopened and appended {} ms after a writer died inside a document",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            assertThat(texts(readAll(partition))).containsExactly("record-0", "record-1", "record-2", "after-crash");
        }
        try (ChronicleLogStore store = ChronicleLogStore.open(LogStoreOptions.of(dataDir))) {
            assertThat(texts(readAll(store.requireTopic("crash").partition(0))))
                    .containsExactly("record-0", "record-1", "record-2", "after-crash");
        }
    }

    /**
     * In a container the broker is often PID 1 in every incarnation, so the write lock left by the dead
     * one looks held by a live process (us). Simulated in-process: a writer that never finishes its
     * document holds Chronicle's write lock under our own PID, as the previous incarnation would have.
     */
    @Test
    void writeLockLeftUnderOurOwnPidByAPreviousIncarnationDoesNotBlockAppends() {
        try (ChronicleLogStore store = ChronicleLogStore.open(LogStoreOptions.of(dataDir))) {
            store.createTopic("crash", 1, TopicConfig.DEFAULTS).partition(0).append(values("before"), null);
        }
        SingleChronicleQueue abandoned = SingleChronicleQueueBuilder.binary(dataDir.resolve("crash").resolve("0")).build();
        DocumentContext unfinished = abandoned.createAppender().writingDocument();
        unfinished.wire().bytes().write("PARTIAL".getBytes(StandardCharsets.UTF_8));
        // Left open on purpose: that incarnation "died" here (closing it would complete the document).

        long started = System.nanoTime();
        try (ChronicleLogStore store = ChronicleLogStore.open(LogStoreOptions.of(dataDir))) {
            PartitionLog partition = store.requireTopic("crash").partition(0);
            assertThat(partition.append(values("after"), null)).isEqualTo(1);
            log.info("Reopened and appended {} ms after a writer with our PID left the lock held",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            assertThat(texts(readAll(partition))).containsExactly("before", "after");
        } finally {
            // Only now, with our store closed: this closes the unfinished document over a discarded log.
            abandoned.close();
        }
    }

    private Process startChild(String mode) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (argument.startsWith("--add-") || argument.startsWith("--enable-native-access")
                    || argument.startsWith("--sun-misc-unsafe") || argument.startsWith("-Dchronicle")) {
                command.add(argument);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(CrashingAppender.class.getName());
        command.add(dataDir.toString());
        command.add(mode);
        return new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(new File(dataDir.toFile(), "child-stderr.log")))
                .start();
    }
}
