package io.tributary.platform.produce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.platform.PlatformProperties;
import io.tributary.platform.log.ChronicleLogStore;
import io.tributary.platform.log.FlushPolicy;
import io.tributary.platform.log.LogStoreOptions;
import io.tributary.platform.log.NewRecord;
import io.tributary.platform.log.ProducerStamp;
import io.tributary.platform.log.RecordTooLargeException;
import io.tributary.platform.log.TopicConfig;
import io.tributary.platform.log.TopicLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** An idempotent request whose batches only partly appended: a retry appends nothing twice. */
class IdempotentProducersTests {

    @TempDir
    Path dataDir;

    @ParameterizedTest
    @EnumSource(FlushPolicy.class)
    void aRetryAfterAPartialFailureAppendsNothingTwice(FlushPolicy flush) {
        try (ChronicleLogStore store = ChronicleLogStore.open(LogStoreOptions.of(dataDir).withFlush(flush))) {
            TopicLog topic = store.createTopic("orders", 2,
                    TopicConfig.DEFAULTS.with(Map.of(TopicConfig.MAX_MESSAGE_BYTES, "50")));
            IdempotentProducers producers = new IdempotentProducers(store, Clock.systemUTC(), defaults());
            Map<Integer, List<NewRecord>> batches = new LinkedHashMap<>();
            batches.put(0, List.of(record("a"), record("b")));
            batches.put(1, List.of(record("x".repeat(100)))); // larger than max.message.bytes
            ProducerStamp stamp = new ProducerStamp(7, 0, 0);

            assertThatThrownBy(() -> producers.append(topic, batches, stamp)).isInstanceOf(RecordTooLargeException.class);
            assertThatThrownBy(() -> producers.append(topic, batches, stamp)).isInstanceOf(RecordTooLargeException.class);

            assertThat(topic.partition(0).endOffset()).as("partition 0's batch, once").isEqualTo(2);
            assertThat(topic.partition(1).endOffset()).isZero();
        }
    }

    private static NewRecord record(String value) {
        return new NewRecord(null, value.getBytes(StandardCharsets.UTF_8), List.of());
    }

    private static PlatformProperties defaults() {
        return new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("tributary.platform", PlatformProperties.class);
    }
}
