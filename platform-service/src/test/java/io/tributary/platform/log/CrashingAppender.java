package io.tributary.platform.log;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Run in a child JVM by {@link CrashRecoveryTests}: appends records, printing "acked N" after each
 * append returned, until it is killed ({@code append-forever}) or until it dies half-way through
 * writing a document ({@code die-mid-write}).
 */
public final class CrashingAppender {

    private CrashingAppender() {
    }

    public static void main(String[] args) {
        Path dataDir = Path.of(args[0]);
        String mode = args[1];
        ChronicleLogStore store = ChronicleLogStore.open(LogStoreOptions.of(dataDir));
        PartitionLog partition = store.topic("crash").orElseGet(() -> store.createTopic("crash", 1, TopicConfig.DEFAULTS)).partition(0);
        if (mode.equals("append-forever")) {
            for (long i = 0; ; i++) {
                long offset = partition.append(List.of(Records.value("record-" + i)), null);
                System.out.println("acked " + offset);
                System.out.flush();
            }
        }
        for (int i = 0; i < 3; i++) {
            partition.append(List.of(Records.value("record-" + i)), null);
        }
        // A second writer on the same files, as another process would be, that dies inside a document.
        SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(dataDir.resolve("crash").resolve("0")).build();
        ExcerptAppender appender = queue.createAppender();
        DocumentContext dc = appender.writingDocument();
        dc.wire().bytes().write("PARTIAL-RECORD-OF-A-DEAD-WRITER".getBytes(StandardCharsets.UTF_8));
        System.out.println("dying");
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }
}
