package io.tributary.platform.produce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.platform.web.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

class ProduceRequestParserTests {

    private final JsonMapper mapper = JsonMapper.builder().build();

    @Test
    void jsonKeysAndValuesAreStoredAsCompactJson() {
        List<ProduceRequestParser.ParsedRecord> records = parse(EmbeddedFormat.JSON, """
                {"value_schema": "ignored", "records": [
                  {"key": "order-1", "value": {"status" : "CREATED", "amount": 12.5, "items": [1, 2]}},
                  {"value": 42, "partition": 2},
                  {"key": null, "value": null, "unknown": {"a": [1]}},
                  {"value": "caf\\u00e9", "partition": "1"}
                ], "key_schema_id": 7}
                """);

        assertThat(records).hasSize(4);
        assertThat(text(records.get(0).record().key())).isEqualTo("\"order-1\"");
        assertThat(text(records.get(0).record().value())).isEqualTo("{\"status\":\"CREATED\",\"amount\":12.5,\"items\":[1,2]}");
        assertThat(records.get(0).partition()).isNull();
        assertThat(text(records.get(1).record().value())).isEqualTo("42");
        assertThat(records.get(1).partition()).isEqualTo(2);
        assertThat(records.get(2).record().key()).isNull();
        assertThat(records.get(2).record().value()).isNull();
        assertThat(text(records.get(3).record().value())).isEqualTo("\"café\"");
        assertThat(records.get(3).partition()).isEqualTo(1);
    }

    @Test
    void binaryAndTextValuesAndHeadersAreDecoded() {
        String abc = Base64.getEncoder().encodeToString("abc".getBytes(StandardCharsets.UTF_8));
        ProduceRequestParser.ParsedRecord binary = parse(EmbeddedFormat.BINARY, "{\"records\":[{\"key\":\"" + abc + "\",\"value\":\"" + abc
                + "\",\"headers\":[{\"key\":\"trace\",\"value\":\"" + abc + "\"},{\"key\":\"empty\",\"value\":null}]}]}").get(0);
        assertThat(text(binary.record().key())).isEqualTo("abc");
        assertThat(text(binary.record().value())).isEqualTo("abc");
        assertThat(binary.record().headers()).hasSize(2);
        assertThat(binary.record().headers().get(0).name()).isEqualTo("trace");
        assertThat(text(binary.record().headers().get(0).value())).isEqualTo("abc");
        assertThat(binary.record().headers().get(1).value()).isEmpty();

        ProduceRequestParser.ParsedRecord text = parse(EmbeddedFormat.TEXT, "{\"records\":[{\"value\":\"h\\u00e9llo\"}]}").get(0);
        assertThat(text(text.record().value())).isEqualTo("héllo");
    }

    @Test
    void dataThatDoesNotFitTheFormatIs42203NamingTheRecord() {
        assertError(EmbeddedFormat.BINARY, "{\"records\":[{\"value\":\"QQ==\"},{\"value\":\"not base64!\"}]}", 42203, "records[1].value");
        assertError(EmbeddedFormat.BINARY, "{\"records\":[{\"value\":{\"a\":1}}]}", 42203, "records[0].value must be a base64 string");
        assertError(EmbeddedFormat.TEXT, "{\"records\":[{\"key\":5}]}", 42203, "records[0].key must be a string");
        assertError(EmbeddedFormat.BINARY, "{\"records\":[{\"value\":\"QQ==\",\"headers\":[{\"value\":\"QQ==\"}]}]}", 42203,
                "records[0].headers[0].key is required");
        assertError(EmbeddedFormat.JSON, "{\"records\":[null]}", 42203, "records[0] must be an object");
    }

    @Test
    void emptyOrMissingRecordsAre422() {
        assertError(EmbeddedFormat.JSON, "{\"records\":[]}", 422, "at least one record");
        assertError(EmbeddedFormat.JSON, "{}", 422, "at least one record");
        assertError(EmbeddedFormat.JSON, "{\"records\":null}", 422, "at least one record");
    }

    @Test
    void bodiesOfAnotherShapeAre400() {
        assertError(EmbeddedFormat.JSON, "", 400, "a JSON object");
        assertError(EmbeddedFormat.JSON, "null", 400, "a JSON object");
        assertError(EmbeddedFormat.JSON, "[1]", 400, "must be a JSON object");
        assertError(EmbeddedFormat.JSON, "{\"records\":{}}", 400, "records must be an array");
        assertError(EmbeddedFormat.JSON, "{\"records\":[1]}", 400, "records[0] must be an object");
        assertError(EmbeddedFormat.JSON, "{\"records\":[{\"value\":1,\"partition\":\"one\"}]}", 400, "records[0].partition must be a whole number");
        assertError(EmbeddedFormat.JSON, "{\"records\":[{\"value\":1,\"partition\":1.5}]}", 400, "records[0].partition");
        assertError(EmbeddedFormat.JSON, "{\"records\":[{\"value\":1,\"partition\":99999999999}]}", 400, "out of range");
        assertError(EmbeddedFormat.JSON, "{\"records\":[{\"value\":1}]} {}", 400, "after the JSON object");
    }

    @Test
    void bodiesThatAreNotJsonFailInTheParser() {
        assertThatThrownBy(() -> parse(EmbeddedFormat.JSON, "{\"records\":[{\"value\":")).isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> parse(EmbeddedFormat.JSON, "not json")).isInstanceOf(JacksonException.class);
    }

    private List<ProduceRequestParser.ParsedRecord> parse(EmbeddedFormat format, String body) {
        return new ProduceRequestParser(mapper).parse(body.getBytes(StandardCharsets.UTF_8), format);
    }

    private void assertError(EmbeddedFormat format, String body, int errorCode, String message) {
        assertThatThrownBy(() -> parse(format, body)).as(body)
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(errorCode);
                    assertThat(e.getMessage()).contains(message);
                });
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
