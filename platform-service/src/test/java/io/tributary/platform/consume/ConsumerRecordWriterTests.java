package io.tributary.platform.consume;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
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

    /**
     * Records of every shape (JSON, base64 and text keys and values, nulls, headers with names that need escaping, numbers
     * at their extremes), many to a fetch so that records straddle the generator's buffer: whether rendered in one piece
     * or field by field, the answer must be what Jackson writes for the same fields in the same order.
     */
    @Test
    void everyShapeIsWrittenAsJacksonWritesTheSameFields() {
        Random random = new Random(42);
        for (int round = 0; round < 20; round++) {
            List<ConsumerRecordResponse> records = new ArrayList<>();
            List<Map<String, Object>> expected = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                Object key = embedded(random);
                Object value = embedded(random);
                List<ConsumerRecordResponse.Header> headers = new ArrayList<>();
                List<Map<String, Object>> expectedHeaders = new ArrayList<>();
                for (int h = random.nextInt(3); h > 0; h--) {
                    String name = List.of("trace-id", "id", "caf\u00e9", "quote\"d", "back\\slash", "tab\t").get(random.nextInt(6));
                    String base64 = Base64.getEncoder().encodeToString(bytes(random, random.nextInt(20)));
                    headers.add(new ConsumerRecordResponse.Header(name, base64));
                    expectedHeaders.add(ordered("key", name, "value", base64));
                }
                String topic = List.of("orders.events", "t", "a-b_c.9").get(random.nextInt(3));
                int partition = random.nextBoolean() ? random.nextInt(100) : Integer.MAX_VALUE;
                long offset = random.nextBoolean() ? random.nextInt(1_000_000) : Long.MAX_VALUE;
                long timestamp = random.nextBoolean() ? 1_767_225_600_000L + i : -1;
                records.add(new ConsumerRecordResponse(topic, key, value, partition, offset, headers, timestamp));
                expected.add(ordered("topic", topic, "key", key, "value", value, "partition", partition, "offset", offset,
                        "headers", expectedHeaders, "timestamp", timestamp));
            }

            assertThat(bothWays(records)).isEqualTo(mapper.writeValueAsString(expected));
        }
    }

    private static Object embedded(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> null;
            case 1 -> RecordFormat.BINARY.embed(bytes(random, random.nextInt(300)));
            case 2 -> RecordFormat.JSON.embed(("{\"n\":" + random.nextInt() + ",\"s\":\"caf\u00e9 \\\" \"}").getBytes(StandardCharsets.UTF_8));
            case 3 -> RecordFormat.TEXT.embed(("line\n" + random.nextInt() + " \"q\"").getBytes(StandardCharsets.UTF_8));
            default -> RecordFormat.JSON.embed(Integer.toString(random.nextInt()).getBytes(StandardCharsets.UTF_8));
        };
    }

    private static byte[] bytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** The answer as a string and as UTF-8 bytes (two generator kinds), which must agree. */
    private String bothWays(Object value) {
        String text = mapper.writeValueAsString(value);
        assertThat(new String(mapper.writeValueAsBytes(value), StandardCharsets.UTF_8)).isEqualTo(text);
        return text;
    }
}
