package io.tributary.platform.consume;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class ConsumerRecordWriterTests {

    private final JsonMapper mapper = JsonMapper.builder().build();

    @Test
    void aBinaryRecordIsWrittenInTheRestProxyShape() {
        var record = new ConsumerRecordResponse("orders.events", null, RecordFormat.BINARY.embed(new byte[] {1, 2, 3, (byte) 0xFF}), 2, 42,
                List.of(new ConsumerRecordResponse.Header("trace-id", "YWJj"), new ConsumerRecordResponse.Header("b", "")),
                1_767_225_600_000L);

        assertThat(bothWays(List.of(record))).isEqualTo("[{\"topic\":\"orders.events\",\"key\":null,\"value\":\"AQID/w==\","
                + "\"partition\":2,\"offset\":42,\"headers\":[{\"key\":\"trace-id\",\"value\":\"YWJj\"},{\"key\":\"b\",\"value\":\"\"}],"
                + "\"timestamp\":1767225600000}]");
    }

    @Test
    void jsonAndTextValuesAreEmbeddedAndEscapedAsTheirFormatsSay() {
        var json = new ConsumerRecordResponse("t", JsonText.of("\"k\"".getBytes(StandardCharsets.UTF_8)),
                JsonText.of("{\"status\":\"CREATED\",\"n\":[1,2]}".getBytes(StandardCharsets.UTF_8)), 0, 0, List.of(), 5);
        var text = new ConsumerRecordResponse("t", "k\"1", "line\nnext caf\u00e9", 1, 7, List.of(), 6);

        assertThat(bothWays(List.of(json, text))).isEqualTo("["
                + "{\"topic\":\"t\",\"key\":\"k\",\"value\":{\"status\":\"CREATED\",\"n\":[1,2]},\"partition\":0,\"offset\":0,\"headers\":[],\"timestamp\":5},"
                + "{\"topic\":\"t\",\"key\":\"k\\\"1\",\"value\":\"line\\nnext caf\u00e9\",\"partition\":1,\"offset\":7,\"headers\":[],\"timestamp\":6}]");
    }

    @Test
    void whatTheWriterProducesReadsBackAsTheRecord() {
        var record = new ConsumerRecordResponse("t", "key", null, 3, Long.MAX_VALUE, List.of(), -1);

        var tree = mapper.readTree(bothWays(List.of(record))).get(0);

        assertThat(tree.propertyNames()).containsExactly("topic", "key", "value", "partition", "offset", "headers", "timestamp");
        assertThat(tree.get("value").isNull()).isTrue();
        assertThat(tree.get("offset").asLong()).isEqualTo(Long.MAX_VALUE);
    }

    /** The answer as a string and as UTF-8 bytes (two generator kinds), which must agree. */
    private String bothWays(Object value) {
        String text = mapper.writeValueAsString(value);
        assertThat(new String(mapper.writeValueAsBytes(value), StandardCharsets.UTF_8)).isEqualTo(text);
        return text;
    }
}
