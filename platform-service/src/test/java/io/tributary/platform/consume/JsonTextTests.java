package io.tributary.platform.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

class JsonTextTests {

    private final JsonMapper mapper = JsonMapper.builder().build();

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":1,\"b\":[true,null,\"x\"]}", "[1,2,{\"c\":{}}]", "42", "-1.5e3", "\"caf\u00e9 \\u2603\"",
            "true", "null", "  {\"spaced\" : 1}\n"})
    void wellFormedJsonIsEmbeddedAsItIs(String json) {
        String written = mapper.writeValueAsString(List.of(JsonText.of(bytes(json)), Map.of("next", 1)));

        assertThat(written).isEqualTo("[" + json + ",{\"next\":1}]");
        assertThat(mapper.readTree(written).get(0)).isEqualTo(mapper.readTree(json));
    }

    @Test
    void aStoredRecordsSliceIsEmbeddedInEveryFormatAsItsOwnArrayWouldBe() {
        byte[] value = bytes("{\"status\":\"CREATED\"}");
        byte[] around = new byte[value.length + 7];
        around[0] = '{';
        around[around.length - 1] = (byte) 0xFF; // neither JSON nor UTF-8: outside the slice, so never looked at
        System.arraycopy(value, 0, around, 3, value.length);

        for (RecordFormat format : RecordFormat.values()) {
            assertThat(mapper.writeValueAsString(List.of(format.embed(around, 3, value.length))))
                    .as(format.name()).isEqualTo(mapper.writeValueAsString(List.of(format.embed(value))));
        }
        assertThat(RecordFormat.JSON.embed(around, 3, -1)).isNull();
        assertThatIllegalArgumentException().isThrownBy(() -> RecordFormat.JSON.embed(around, 3, 0)).withMessageContaining("empty");
        assertThatIllegalArgumentException().isThrownBy(() -> RecordFormat.JSON.embed(around, 3, value.length + 1));
        assertThatIllegalArgumentException().isThrownBy(() -> RecordFormat.TEXT.embed(around, 3, value.length + 4));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 100, 1_024, 10_000})
    void base64IsWrittenAsJacksonWouldWriteTheBytes(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }

        assertThat(mapper.writeValueAsString(List.of(JsonText.base64(bytes))))
                .isEqualTo(mapper.writeValueAsString(List.of(bytes)));
    }

    @ParameterizedTest
    @ValueSource(ints = {10, 7_990, 8_000, 70_000})
    void valuesNearAndBeyondTheGeneratorsBufferAreWrittenWhole(int length) {
        String json = "{\"s\":\"" + "\u00e9".repeat(length / 2) + "\"}";
        List<Object> values = List.of("pad".repeat(2_000), JsonText.of(bytes(json)), 1);

        String asText = mapper.writeValueAsString(values);
        String asBytes = new String(mapper.writeValueAsBytes(values), StandardCharsets.UTF_8);

        assertThat(asBytes).isEqualTo(asText).isEqualTo("[\"" + "pad".repeat(2_000) + "\"," + json + ",1]");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 10, 5_990, 6_000, 60_000})
    void base64NearAndBeyondTheGeneratorsBufferIsWrittenWholeWithItsQuotes(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 17 + 3);
        }
        List<Object> embedded = List.of("pad".repeat(2_000), JsonText.base64(bytes), 1);
        List<Object> plain = List.of("pad".repeat(2_000), bytes, 1);

        assertThat(new String(mapper.writeValueAsBytes(embedded), StandardCharsets.UTF_8))
                .isEqualTo(mapper.writeValueAsString(embedded))
                .isEqualTo(mapper.writeValueAsString(plain));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "not json {", "{\"a\":1", "{\"a\":1}}", "{\"a\":1} {\"b\":2}", "[1,]", "01", "'single'",
            "{a:1}", "\"unterminated", "NaN", "{\"a\":1} trailing"})
    void anythingElseIsRefused(String notJson) {
        assertThatIllegalArgumentException().isThrownBy(() -> JsonText.of(bytes(notJson)))
                .withMessageContaining("JSON");
    }

    @Test
    void malformedUtf8InsideAStringIsRefused() {
        byte[] bytes = {'"', 'a', (byte) 0xC3, 'b', '"'};

        assertThatIllegalArgumentException().isThrownBy(() -> JsonText.of(bytes)).withMessageContaining("not valid JSON");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
