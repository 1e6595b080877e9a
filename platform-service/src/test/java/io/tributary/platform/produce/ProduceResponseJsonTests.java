package io.tributary.platform.produce;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** {@link ProduceResponseJson} writes exactly what the mapper's writer writes for a response. */
class ProduceResponseJsonTests {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    @Test
    void writesWhatTheMapperWritesForRandomOffsets() {
        ProduceResponseJson json = new ProduceResponseJson(MAPPER);
        Random random = new Random(20261126);
        long[] edges = {0, 1, 9, 10, 99, 100, Integer.MAX_VALUE, Long.MAX_VALUE, -1, Long.MIN_VALUE, Long.MIN_VALUE + 1};
        for (int i = 0; i < 2_000; i++) {
            List<ProduceResponse.Offset> offsets = new ArrayList<>();
            for (int n = 1 + random.nextInt(120); n > 0; n--) {
                long offset = random.nextInt(4) == 0 ? edges[random.nextInt(edges.length)] : random.nextLong() >>> random.nextInt(64);
                int partition = random.nextInt(4) == 0 ? (int) edges[random.nextInt(7)] : random.nextInt(1_000);
                offsets.add(ProduceResponse.Offset.of(partition, offset));
            }
            ProduceResponse response = ProduceResponse.of(offsets);

            assertThat(text(json.write(response))).isEqualTo(text(MAPPER.writeValueAsBytes(response)));
        }
    }

    @Test
    void runsOfConsecutiveOffsetsAcrossEveryCarryAreWrittenAsTheMapperWritesThem() {
        ProduceResponseJson json = new ProduceResponseJson(MAPPER);
        long[] starts = {0, 7, 95, 995, 9_995, 1_234_567_895, 999_999_999_995L, Long.MAX_VALUE - 4};
        for (long start : starts) {
            List<ProduceResponse.Offset> offsets = new ArrayList<>();
            for (int k = 0; k < 10 && start + k >= start; k++) {
                offsets.add(ProduceResponse.Offset.of(k % 3, start + k)); // partitions change between consecutive offsets
            }
            offsets.add(ProduceResponse.Offset.of(0, start)); // a run that goes back
            offsets.add(ProduceResponse.Offset.of(0, start + 1));
            ProduceResponse response = ProduceResponse.of(offsets);

            assertThat(text(json.write(response))).as("from %d", start).isEqualTo(text(MAPPER.writeValueAsBytes(response)));
        }
    }

    @Test
    void theSuccessorOfAllNinesIsLeftToTheCaller() {
        byte[] json = "999....".getBytes(StandardCharsets.US_ASCII);

        byte[] counted = "129....".getBytes(StandardCharsets.US_ASCII);

        assertThat(ProduceResponseJson.successor(json, 0, 3, 3)).isEqualTo(-1);
        assertThat(ProduceResponseJson.successor(counted, 0, 3, 3)).isEqualTo(6);
        assertThat(text(counted)).isEqualTo("129130.");
    }

    @Test
    void responsesItDoesNotRenderGoThroughTheMapper() {
        ProduceResponse withErrors = new ProduceResponse(3, null, List.of(new ProduceResponse.Offset(0, 5, 40401, "gone")));

        assertThat(text(new ProduceResponseJson(MAPPER).write(withErrors))).isEqualTo(text(MAPPER.writeValueAsBytes(withErrors)))
                .contains("\"key_schema_id\":3", "\"error\":\"gone\"");
    }

    @Test
    void aMapperThatWritesOtherwiseIsFollowed() {
        ObjectMapper indenting = JsonMapper.builder().enable(tools.jackson.databind.SerializationFeature.INDENT_OUTPUT).build();
        ProduceResponse response = ProduceResponse.of(List.of(ProduceResponse.Offset.of(1, 2)));

        assertThat(text(new ProduceResponseJson(indenting).write(response))).isEqualTo(text(indenting.writeValueAsBytes(response)))
                .contains("\n");
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
