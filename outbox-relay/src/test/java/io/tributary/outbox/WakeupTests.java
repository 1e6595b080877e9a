package io.tributary.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WakeupTests {

    @Test
    void aNotificationOfRowsARecentClaimTookIsNoSignal() {
        Wakeup wakeup = new Wakeup();
        wakeup.claimed(new long[] {7, 3});
        wakeup.claimed(new long[] {9});
        long seen = wakeup.generation();

        wakeup.signal(new long[] {3, 9});
        assertThat(wakeup.generation()).isEqualTo(seen);

        // One row no claim took: the publisher must look.
        wakeup.signal(new long[] {3, 4});
        assertThat(wakeup.generation()).isEqualTo(seen + 1);
    }

    @Test
    void positionsOfOlderClaimsThanItRemembersSignal() {
        Wakeup wakeup = new Wakeup();
        wakeup.claimed(new long[] {1});
        for (int claim = 0; claim < Wakeup.CLAIMS_REMEMBERED; claim++) {
            wakeup.claimed(new long[] {100 + claim});
        }
        long seen = wakeup.generation();

        wakeup.signal(new long[] {1});

        assertThat(wakeup.generation()).isEqualTo(seen + 1);
    }
}
