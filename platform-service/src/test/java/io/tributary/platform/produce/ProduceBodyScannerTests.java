package io.tributary.platform.produce;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.platform.log.RecordHeader;
import io.tributary.platform.web.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link ProduceBodyScanner} reads what it accepts into exactly the records Jackson's reading gives (the parser's
 * reference, {@link ProduceRequestParser#parseWithJackson}), and declines the rest, which then answers as before.
 */
class ProduceBodyScannerTests {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final ProduceRequestParser PARSER = new ProduceRequestParser(MAPPER);
    private static final CompactJson COMPACT = new CompactJson(MAPPER);

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"records\":[{\"value\":{\"id\":1234567,\"payload\":\"xxxxxxxx\"}}]}",
            "{\"records\": [{\"key\": \"k-1\", \"value\": {\"id\": 1, \"tags\": [\"a\", \"b\"], \"ok\": true}, \"partition\": 0}]}",
            " \n{ \"value_schema\" : \"{}\" , \"records\" : [ { \"value\" : [ ] } , { \"key\" : null , \"value\" : null } ] }\r\n",
            "{\"records\":[{\"value\":\"caf\u00e9 \u2603 \uD83D\uDE00 a/b\",\"headers\":[],\"extra\":{\"x\":[1,{}]}}],\"key_schema_id\":null}",
            "{\"records\":[{\"value\":-0.5e3},{\"value\":{\"s\":\"esc\\\"aped\\n\"}},{\"value\":-0},{\"value\":12.50}]}",
            "{\"records\":null,\"records\":[{\"value\":1,\"partition\":-0},{\"value\":2,\"value\":3,\"partition\":2147483647}]}"})
    void commonJsonBodiesAreReadWithoutJacksonIntoTheSameRecords(String body) {
        byte[] bytes = utf8(body);
        List<ProduceRequestParser.ParsedRecord> scanned = new ProduceBodyScanner(bytes, EmbeddedFormat.JSON, COMPACT).scan();

        assertThat(scanned).as("scanned").isNotNull();
        assertThat(describe(scanned)).isEqualTo(describe(PARSER.parseWithJackson(bytes, EmbeddedFormat.JSON)));
    }

    @Test
    void binaryAndTextBodiesAreReadWithoutJackson() {
        String abc = Base64.getEncoder().encodeToString(utf8("abc"));
        for (String body : List.of("{\"records\":[{\"key\":\"" + abc + "\",\"value\":\"" + abc + "\"},{\"value\":\"QQ\"},{\"value\":\"\"}]}",
                "{\"records\":[{\"value\":null,\"partition\":3,\"headers\":null}]}")) {
            byte[] bytes = utf8(body);
            List<ProduceRequestParser.ParsedRecord> scanned = new ProduceBodyScanner(bytes, EmbeddedFormat.BINARY, COMPACT).scan();
            assertThat(scanned).as(body).isNotNull();
            assertThat(describe(scanned)).isEqualTo(describe(PARSER.parseWithJackson(bytes, EmbeddedFormat.BINARY)));
        }
        byte[] text = utf8("{\"records\":[{\"key\":\"k\",\"value\":\"h\u00e9llo \uD83D\uDE00\"}]}");
        List<ProduceRequestParser.ParsedRecord> scanned = new ProduceBodyScanner(text, EmbeddedFormat.TEXT, COMPACT).scan();
        assertThat(scanned).isNotNull();
        assertThat(describe(scanned)).isEqualTo(describe(PARSER.parseWithJackson(text, EmbeddedFormat.TEXT)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "null", "[]", "{}", "{\"records\":[]}", "{\"records\":[1]}", "{\"records\":[{\"value\":1}]} {}",
            "{\"records\":[{\"value\":1,\"partition\":\"1\"}]}", "{\"records\":[{\"value\":1,\"partition\":2147483648}]}",
            "{\"records\":[{\"value\":1,\"headers\":[{\"key\":\"h\",\"value\":\"QQ==\"}]}]}", "{\"rec\\u006frds\":[{\"value\":1}]}",
            "\uFEFF{\"records\":[{\"value\":1}]}", "{\"records\":[{\"value\":1}],}", "{\"records\":[{\"value\":01}]}"})
    void otherShapesAndMalformedBodiesAreLeftToJackson(String body) {
        assertThat(new ProduceBodyScanner(utf8(body), EmbeddedFormat.JSON, COMPACT).scan()).isNull();
    }

    @Test
    void valuesNestedDeeplyOrWithVeryLongTokensAreLeftToJackson() {
        int depth = ProduceBodyScanner.MAX_VALUE_DEPTH + 1;
        String deep = "{\"records\":[{\"value\":" + "[".repeat(depth) + "]".repeat(depth) + "}]}";
        String longNumber = "{\"records\":[{\"value\":" + "9".repeat(1_001) + "}]}";

        assertThat(new ProduceBodyScanner(utf8(deep), EmbeddedFormat.JSON, COMPACT).scan()).isNull();
        assertThat(new ProduceBodyScanner(utf8(longNumber), EmbeddedFormat.JSON, COMPACT).scan()).isNull();
        assertThat(outcome(PARSER::parse, utf8(longNumber), EmbeddedFormat.JSON))
                .isEqualTo(outcome(PARSER::parseWithJackson, utf8(longNumber), EmbeddedFormat.JSON)).startsWith("error");
    }

    /** A mapper that writes some plain values differently (here: escaped slashes) gets every value through its generator. */
    @Test
    void aMapperThatRewritesPlainValuesStoresWhatItWrites() {
        ObjectMapper escaping = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_FORWARD_SLASHES).build();
        byte[] body = utf8("{\"records\":[{\"value\":{\"url\":\"http://example.com/a\"}}]}");

        List<ProduceRequestParser.ParsedRecord> records = new ProduceRequestParser(escaping).parse(body, EmbeddedFormat.JSON);

        assertThat(new String(records.get(0).record().value(), StandardCharsets.UTF_8))
                .isEqualTo("{\"url\":\"http:\\/\\/example.com\\/a\"}");
    }

    /**
     * Random bodies (plain and not: whitespace, escapes, fractions, -0, headers, partitions of every kind, unknown
     * members) and one-character mutations of them: the parser answers exactly as Jackson's reading, records or error.
     */
    @ParameterizedTest
    @EnumSource(EmbeddedFormat.class)
    void agreesWithJacksonOnRandomAndMutatedBodies(EmbeddedFormat format) {
        Random random = new Random(20261126L + format.ordinal());
        String alphabet = "{}[]\":,0123456789-.eE tfrunl\\/\n\u00e9QAa=";
        int scanned = 0;
        int accepted = 0;
        for (int i = 0; i < 6_000; i++) {
            StringBuilder body = new StringBuilder(randomBody(random, format));
            if (i % 2 == 1) {
                int at = random.nextInt(body.length());
                switch (random.nextInt(3)) {
                    case 0 -> body.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    case 1 -> body.deleteCharAt(at);
                    default -> body.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            byte[] bytes = utf8(body.toString());
            String expected = outcome(PARSER::parseWithJackson, bytes, format);
            assertThat(outcome(PARSER::parse, bytes, format)).as("%s body <%s>", format, body).isEqualTo(expected);
            scanned += new ProduceBodyScanner(bytes, format, COMPACT).scan() != null ? 1 : 0;
            accepted += expected.startsWith("error") ? 0 : 1;
        }
        assertThat(accepted).as("bodies Jackson accepts").isGreaterThan(2_000);
        assertThat(scanned).as("bodies read without Jackson").isGreaterThan(1_000);
    }

    private static String randomBody(Random random, EmbeddedFormat format) {
        List<String> members = new ArrayList<>();
        List<String> records = new ArrayList<>();
        for (int r = random.nextInt(4); r >= 0; r--) {
            List<String> fields = new ArrayList<>();
            if (random.nextInt(3) > 0) {
                fields.add("\"value\":" + randomEmbedded(random, format));
            }
            if (random.nextInt(3) == 0) {
                fields.add("\"key\":" + randomEmbedded(random, format));
            }
            if (random.nextInt(4) == 0) {
                String[] partitions = {"0", "3", "-0", "null", "\"1\"", "1.0", "2147483648", "-1", "1e2"};
                fields.add("\"partition\":" + partitions[random.nextInt(partitions.length)]);
            }
            if (random.nextInt(5) == 0) {
                String[] headers = {"[]", "null", "[{\"key\":\"h\",\"value\":\"QQ==\"}]", "[ ]"};
                fields.add("\"headers\":" + headers[random.nextInt(headers.length)]);
            }
            if (random.nextInt(5) == 0) {
                fields.add("\"unknown\":" + randomJson(random, 0));
            }
            java.util.Collections.shuffle(fields, random);
            records.add("{" + String.join(separator(random), fields) + "}");
        }
        members.add("\"records\":[" + String.join(separator(random), records) + "]");
        if (random.nextInt(4) == 0) {
            members.add("\"value_schema\":" + randomJson(random, 0));
        }
        java.util.Collections.shuffle(members, random);
        return (random.nextBoolean() ? "" : " ") + "{" + String.join(separator(random), members) + "}";
    }

    private static String separator(Random random) {
        return random.nextInt(4) == 0 ? " , " : ",";
    }

    private static String randomEmbedded(Random random, EmbeddedFormat format) {
        return switch (format) {
            case JSON -> randomJson(random, 0);
            case BINARY -> {
                String[] values = {"\"QUJD\"", "\"QQ==\"", "\"QQ\"", "\"\"", "null", "\"not base64\"", "\"QU\\u004aD\"", "1", "{}"};
                byte[] bytes = new byte[random.nextInt(8)];
                random.nextBytes(bytes);
                yield random.nextInt(4) > 0 ? "\"" + Base64.getEncoder().encodeToString(bytes) + "\"" : values[random.nextInt(values.length)];
            }
            case TEXT -> {
                String[] values = {"\"text\"", "\"caf\u00e9\"", "\"tab\\tand \\u00e9\"", "\"\"", "null", "\"\uD83D\uDE00/\"", "7", "[\"a\"]"};
                yield values[random.nextInt(random.nextInt(4) > 0 ? values.length - 2 : values.length)];
            }
        };
    }

    private static String randomJson(Random random, int depth) {
        int kind = random.nextInt(depth > 2 ? 6 : 8);
        return switch (kind) {
            case 0 -> {
                String[] numbers = {"0", "-0", "42", "-17", "12.5", "12.50", "1e2", "-0.0", "1.0E10", "123456789012345678901", "0.1"};
                yield numbers[random.nextInt(numbers.length)];
            }
            case 1 -> {
                String[] strings = {"\"s\"", "\"caf\u00e9 \u2028\"", "\"a/b\"", "\"esc\\\"q\"", "\"\\u00e9\\n\"", "\"\\/\"", "\"\"", "\"\u007f\""};
                yield strings[random.nextInt(strings.length)];
            }
            case 2 -> "true";
            case 3 -> "false";
            case 4 -> "null";
            case 5 -> "\"id-" + random.nextInt(1_000) + "\"";
            case 6 -> {
                List<String> items = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    items.add(randomJson(random, depth + 1));
                }
                yield "[" + String.join(separator(random), items) + "]";
            }
            default -> {
                List<String> members = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    members.add((random.nextInt(6) == 0 ? "\"k\\u0031\"" : "\"k" + i + "\"") + (random.nextBoolean() ? ":" : " : ")
                            + randomJson(random, depth + 1));
                }
                yield "{" + String.join(separator(random), members) + "}";
            }
        };
    }

    interface Parse {
        List<ProduceRequestParser.ParsedRecord> parse(byte[] body, EmbeddedFormat format);
    }

    /** The records as text, or the error: its kind, code and message. */
    private static String outcome(Parse parse, byte[] body, EmbeddedFormat format) {
        try {
            return describe(parse.parse(body, format));
        } catch (ApiException e) {
            return "error " + e.errorCode() + " " + e.getMessage();
        } catch (JacksonException e) {
            return "error " + e.getClass().getName() + " " + e.getMessage();
        }
    }

    private static String describe(List<ProduceRequestParser.ParsedRecord> records) {
        StringBuilder text = new StringBuilder();
        for (ProduceRequestParser.ParsedRecord record : records) {
            text.append("key=").append(hex(record.record().key())).append(" value=").append(hex(record.record().value()))
                    .append(" partition=").append(record.partition()).append(" headers=");
            for (RecordHeader header : record.record().headers()) {
                text.append(header.name()).append(':').append(hex(header.value())).append(' ');
            }
            text.append('\n');
        }
        return text.toString();
    }

    private static String hex(byte[] bytes) {
        return bytes == null ? "null" : HexFormat.of().formatHex(bytes);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
