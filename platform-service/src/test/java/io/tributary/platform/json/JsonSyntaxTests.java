package io.tributary.platform.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/** {@link JsonSyntax} must accept exactly what Jackson's tokenizer (with its defaults) accepts as one value. */
class JsonSyntaxTests {

    private static final JsonFactory JACKSON = new JsonFactory();

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0", "-0.5e-3", "1E+9", "12345678901234567890123", "\"\"", "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\uD83D\\uDE00\"",
            "[]", "{}", " [ ] ", "[[],{},[{}]]", "{\"a\":{\"b\":[1,true,false,null,\"x\"]}}", "\"caf\u00e9 \u2603 \uD83D\uDE00\"",
            "{\"\":\"\"}", "\t\r\n 7 \t\r\n", "\"\u007f\""})
    void wellFormedValuesAreAccepted(String json) {
        assertThatCode(() -> JsonSyntax.check(utf8(json))).doesNotThrowAnyException();
        assertThat(jacksonAccepts(utf8(json))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "01", "-01", "1.", ".5", "1e", "1e+", "+1", "-", "--1", "0x10", "NaN", "Infinity", "tru", "truex", "nul",
            "[1,]", "[,1]", "[1 2]", "{\"a\"}", "{\"a\":}", "{\"a\" 1}", "{a:1}", "{'a':1}", "{\"a\":1,}", "{,}", "[", "]", "{", "}",
            "\"unterminated", "\"bad \\x escape\"", "\"\\u12\"", "\"\\u12G4\"", "\"tab\tinside\"", "\"new\nline\"", "1 2", "[]]", "{}}",
            "// comment\n1", "/* c */ 1", "[1]x", "\"a\"\"b\""})
    void malformedValuesAreRefusedWithWhereAndWhy(String notJson) {
        assertThatIllegalArgumentException().isThrownBy(() -> JsonSyntax.check(utf8(notJson)))
                .withMessageStartingWith("not valid JSON (").withMessageContaining(" at byte ");
        assertThat(jacksonAccepts(utf8(notJson))).isFalse();
    }

    @Test
    void nestingIsLimitedAsJacksonLimitsIt() {
        String deepest = "[".repeat(JsonSyntax.MAX_DEPTH) + "]".repeat(JsonSyntax.MAX_DEPTH);
        String tooDeep = "[".repeat(JsonSyntax.MAX_DEPTH + 1) + "]".repeat(JsonSyntax.MAX_DEPTH + 1);

        assertThatCode(() -> JsonSyntax.check(utf8(deepest))).doesNotThrowAnyException();
        assertThatIllegalArgumentException().isThrownBy(() -> JsonSyntax.check(utf8(tooDeep)))
                .withMessageContaining("nested deeper than " + JsonSyntax.MAX_DEPTH);
        assertThat(jacksonAccepts(utf8(deepest))).isTrue();
        assertThat(jacksonAccepts(utf8(tooDeep))).isFalse();
    }

    /** Objects and arrays nested past the 64 levels kept in a bit set, so the deeper stack is used too. */
    @ParameterizedTest
    @ValueSource(ints = {63, 64, 65, 130, 499})
    void mixedNestingIsTrackedAtEveryDepth(int depth) {
        StringBuilder open = new StringBuilder();
        StringBuilder close = new StringBuilder();
        for (int d = 0; d < depth; d++) {
            boolean object = d % 3 != 1;
            open.append(object ? "{\"k\":" : "[0,");
            close.insert(0, object ? "}" : "]");
        }
        String valid = open + "1" + close;
        // The innermost container closed with the wrong bracket: the stack must know what is open at that depth.
        String innermostWrong = open + "1" + (close.charAt(0) == '}' ? "]" : "}") + close.substring(1);
        // A member after the innermost container closed: its parent's kind decides whether it needs a name.
        String memberAfter = open + "1" + close.charAt(0) + ",2" + close.substring(1);
        boolean parentIsObject = (depth - 2) % 3 != 1;

        assertThatCode(() -> JsonSyntax.check(utf8(valid))).doesNotThrowAnyException();
        assertThat(jacksonAccepts(utf8(valid))).isTrue();
        assertThatIllegalArgumentException().isThrownBy(() -> JsonSyntax.check(utf8(innermostWrong)));
        assertThat(jacksonAccepts(utf8(innermostWrong))).isFalse();
        assertThat(accepts(utf8(memberAfter))).isEqualTo(!parentIsObject).isEqualTo(jacksonAccepts(utf8(memberAfter)));
    }

    @Test
    void aSliceIsCheckedAloneAndProblemsAreCountedFromItsStart() {
        byte[] bytes = "xx{\"a\":[1,2]}yy".getBytes(StandardCharsets.UTF_8);

        assertThatCode(() -> JsonSyntax.check(bytes, 2, 11)).doesNotThrowAnyException();
        assertThatIllegalArgumentException().isThrownBy(() -> JsonSyntax.check(bytes, 2, 12))
                .withMessageStartingWith("not valid JSON (more than one value, or unexpected character").withMessageEndingWith("at byte 11)");
        assertThatIllegalArgumentException().isThrownBy(() -> JsonSyntax.check(bytes, 2, 10))
                .withMessageEndingWith("at byte 10)");
        assertThatIllegalArgumentException().isThrownBy(() -> JsonSyntax.check(bytes, 2, 0)).withMessageContaining("no value");
    }

    @Test
    void malformedUtf8IsRefusedAnywhereInAString() {
        List<byte[]> malformed = List.of(
                new byte[] {'"', (byte) 0xC3, '"'}, // truncated
                new byte[] {'"', (byte) 0x80, '"'}, // lone continuation byte
                new byte[] {'"', (byte) 0xC0, (byte) 0xAF, '"'}, // overlong '/'
                new byte[] {'"', (byte) 0xE0, (byte) 0x80, (byte) 0xAF, '"'}, // overlong
                new byte[] {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'}, // a UTF-16 surrogate
                new byte[] {'"', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"'}, // beyond U+10FFFF
                new byte[] {'"', (byte) 0xFF, '"'},
                new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '1'}); // a byte order mark would corrupt the answer it is embedded in

        for (byte[] bytes : malformed) {
            assertThatIllegalArgumentException().isThrownBy(() -> JsonSyntax.check(bytes)).withMessageStartingWith("not valid JSON (");
        }
    }

    @Test
    void scanningTellsWhatAValueContains() {
        Map<String, Integer> features = new LinkedHashMap<>();
        features.put("{\"a\":[1,true,null,\"caf\u00e9 a/b\"]}", 0);
        features.put("[-1,10]", 0);
        features.put("{ \"a\" :1}", JsonSyntax.WHITESPACE);
        features.put("[1,\n2]", JsonSyntax.WHITESPACE);
        features.put("\"q\\\"\"", JsonSyntax.ESCAPE);
        features.put("{\"\\u0041\":1}", JsonSyntax.ESCAPE);
        features.put("1.5", JsonSyntax.FRACTION);
        features.put("[1e3]", JsonSyntax.FRACTION);
        features.put("-0.0", JsonSyntax.FRACTION);
        features.put("-0", JsonSyntax.MINUS_ZERO);
        features.put("[0,-0]", JsonSyntax.MINUS_ZERO);
        features.put("{ \"x\" : -0.5 }", JsonSyntax.WHITESPACE | JsonSyntax.FRACTION);

        features.forEach((json, expected) -> {
            JsonSyntax syntax = JsonSyntax.over(utf8(json));
            assertThat(syntax.scanValue(0, JsonSyntax.MAX_DEPTH)).as(json).isEqualTo(utf8(json).length);
            assertThat(syntax.features()).as(json).isEqualTo(expected);
        });
    }

    @Test
    void veryLongNumbersAreTold() {
        JsonSyntax longNumber = JsonSyntax.over(utf8("[-" + "9".repeat(JsonSyntax.LONG_NUMBER) + "]"));
        longNumber.scanValue(0, 1);
        JsonSyntax longestShort = JsonSyntax.over(utf8("9".repeat(JsonSyntax.LONG_NUMBER)));
        longestShort.scanValue(0, 1);

        assertThat(longNumber.features()).isEqualTo(JsonSyntax.LONG_TOKEN);
        assertThat(longestShort.features()).isZero();
    }

    @Test
    void scansOneValueInsideADocumentAndStopsAfterIt() {
        byte[] document = utf8("{\"records\":[{\"value\": {\"a\":[1, 2]} ,\"key\":\"k\\n\"}]}");
        JsonSyntax syntax = JsonSyntax.over(document);
        int value = new String(document, StandardCharsets.UTF_8).indexOf("{\"a\"");
        int key = document.length - 8; // "k\n"}]}

        int end = syntax.scanValue(value, 2);
        assertThat(new String(document, value, end - value, StandardCharsets.UTF_8)).isEqualTo("{\"a\":[1, 2]}");
        assertThat(syntax.features()).isEqualTo(JsonSyntax.WHITESPACE);
        assertThat(syntax.scanString(key)).isEqualTo(key + 5);
        assertThat(syntax.features()).isEqualTo(JsonSyntax.ESCAPE);
        assertThatIllegalArgumentException().isThrownBy(() -> syntax.scanValue(value, 1)).withMessageContaining("nested deeper than 1");
        assertThatIllegalArgumentException().isThrownBy(() -> syntax.scanString(value)).withMessageContaining("expected a string");
        assertThatIllegalArgumentException().isThrownBy(() -> syntax.scanValue(document.length - 1, 2));
    }

    /** Random short inputs over JSON's alphabet and single-character mutations of random valid documents. */
    @Test
    void agreesWithJacksonOnRandomInputs() {
        Random random = new Random(20261126);
        String alphabet = "{}[]\":,0123456789-+.eE tfrunlsax\\/\n\u00e9";
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < 30_000; i++) {
            StringBuilder input = new StringBuilder();
            int length = 1 + random.nextInt(10);
            for (int j = 0; j < length; j++) {
                input.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            inputs.add(input.toString());
        }
        for (int i = 0; i < 10_000; i++) {
            StringBuilder document = new StringBuilder(randomValue(random, 0));
            inputs.add(document.toString());
            int at = random.nextInt(document.length() + 1);
            switch (random.nextInt(3)) {
                case 0 -> document.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                case 1 -> document.deleteCharAt(Math.min(at, document.length() - 1));
                default -> document.setCharAt(Math.min(at, document.length() - 1), alphabet.charAt(random.nextInt(alphabet.length())));
            }
            inputs.add(document.toString());
        }
        int accepted = 0;
        for (String input : inputs) {
            byte[] bytes = utf8(input);
            boolean ours = accepts(bytes);
            assertThat(ours).as("JsonSyntax on <%s>", input).isEqualTo(jacksonAccepts(bytes));
            accepted += ours ? 1 : 0;
        }
        assertThat(accepted).as("valid inputs among them").isGreaterThan(10_000);
    }

    private static String randomValue(Random random, int depth) {
        int kind = random.nextInt(depth > 3 ? 5 : 7);
        return switch (kind) {
            case 0 -> String.valueOf(random.nextInt(2_000) - 1_000) + (random.nextBoolean() ? "" : ".5e" + random.nextInt(9));
            case 1 -> "\"s" + (random.nextBoolean() ? "\\n\u00e9" : "") + "\"";
            case 2 -> "true";
            case 3 -> "false";
            case 4 -> "null";
            case 5 -> {
                List<String> items = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    items.add(randomValue(random, depth + 1));
                }
                yield "[" + String.join(random.nextBoolean() ? "," : " , ", items) + "]";
            }
            default -> {
                List<String> members = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    members.add("\"k" + i + "\":" + randomValue(random, depth + 1));
                }
                yield "{" + String.join(",", members) + "}";
            }
        };
    }

    private static boolean accepts(byte[] bytes) {
        try {
            JsonSyntax.check(bytes);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** What JsonText did before JsonSyntax: one value, tokenized, nothing after it. */
    private static boolean jacksonAccepts(byte[] bytes) {
        try (JsonParser parser = JACKSON.createParser(ObjectReadContext.empty(), bytes)) {
            if (parser.nextToken() == null) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (JacksonException e) {
            return false;
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
