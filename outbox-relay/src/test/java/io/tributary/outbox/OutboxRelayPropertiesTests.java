package io.tributary.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Binding of {@code tributary.outbox.*}: defaults and the settings it refuses. */
class OutboxRelayPropertiesTests {

    @Test
    void oneShardByDefault() {
        assertThat(Relays.bind(Map.of()).shards()).isEqualTo(1);
    }

    @Test
    void anIdleShardLingersTwoMillisecondsAfterAWakeUpByDefault() {
        assertThat(Relays.bind(Map.of()).wakeupLinger()).isEqualTo(Duration.ofMillis(2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0ms", "1s"})
    void wakeUpLingerFromZeroToOneSecondIsAccepted(String linger) {
        assertThat(Relays.bind(Map.of("wakeup-linger", linger)).wakeupLinger()).isBetween(Duration.ZERO, Duration.ofSeconds(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1ms", "1001ms", "1m"})
    void wakeUpLingerBelowZeroOrAboveOneSecondIsRefusedNamingTheSetting(String linger) {
        assertThatThrownBy(() -> Relays.bind(Map.of("wakeup-linger", linger)))
                .hasRootCauseInstanceOf(IllegalArgumentException.class)
                .rootCause().hasMessageContaining("tributary.outbox.wakeup-linger must be between 0 and 1000ms");
    }

    @Test
    void theRelayVacuumsEveryMinuteByDefaultAndZeroTurnsItOff() {
        assertThat(Relays.bind(Map.of()).vacuumInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(Relays.bind(Map.of("vacuum-interval", "0")).vacuumInterval()).isZero();
    }

    @Test
    void aNegativeVacuumIntervalIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> Relays.bind(Map.of("vacuum-interval", "-1s")))
                .hasRootCauseInstanceOf(IllegalArgumentException.class)
                .rootCause().hasMessageContaining("tributary.outbox.vacuum-interval must be 0 (never) or positive");
    }
}
