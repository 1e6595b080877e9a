package io.tributary.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChronicleSmokeTests {
    @Test
    void writesAndReadsBytes(@TempDir Path dir) {
        try (ChronicleQueue q = ChronicleQueue.singleBuilder(dir).build()) {
            ExcerptAppender a = q.createAppender();
            try (var dc = a.writingDocument()) {
                dc.wire().bytes().writeInt(42);
            }
            ExcerptTailer t = q.createTailer();
            try (var dc = t.readingDocument()) {
                assertThat(dc.isPresent()).isTrue();
                assertThat(dc.wire().bytes().readInt()).isEqualTo(42);
                System.out.println("index=" + Long.toHexString(dc.index()));
            }
        }
    }
}
