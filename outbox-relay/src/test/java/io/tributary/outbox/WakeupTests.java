package io.tributary.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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

    @Test
    void aSignalWakesAWaitingPublisher() throws Exception {
        Wakeup wakeup = new Wakeup();
        Waiting waiting = waitInAnotherThread(wakeup, Duration.ofMinutes(5));
        await().until(wakeup::isWaiting);

        wakeup.signal();

        assertThat(waiting.outcome().get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(wakeup.isWaiting()).isFalse();
    }

    @Test
    void aSignalBeforeTheWaitIsNotLost() throws InterruptedException {
        Wakeup wakeup = new Wakeup();
        long seen = wakeup.generation();

        wakeup.signal();

        assertThat(wakeup.await(seen, Duration.ofMinutes(5))).isTrue();
    }

    @Test
    void withoutASignalTheWaitEndsAtItsTimeout() throws InterruptedException {
        Wakeup wakeup = new Wakeup();

        assertThat(wakeup.await(wakeup.generation(), Duration.ofMillis(20))).isFalse();
        assertThat(wakeup.isWaiting()).isFalse();
    }

    @Test
    void anInterruptedWaitThrows() throws Exception {
        Wakeup wakeup = new Wakeup();
        Waiting waiting = waitInAnotherThread(wakeup, Duration.ofMinutes(5));
        await().until(wakeup::isWaiting);

        waiting.thread().interrupt();

        assertThatThrownBy(() -> waiting.outcome().get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(InterruptedException.class);
        assertThat(wakeup.isWaiting()).isFalse();
    }

    private record Waiting(Thread thread, CompletableFuture<Boolean> outcome) { }

    /** Runs a publisher's wait for a signal newer than the current generation in a thread of its own. */
    private static Waiting waitInAnotherThread(Wakeup wakeup, Duration timeout) {
        long seen = wakeup.generation();
        CompletableFuture<Boolean> outcome = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                outcome.complete(wakeup.await(seen, timeout));
            } catch (Throwable e) {
                outcome.completeExceptionally(e);
            }
        }, "waiting-publisher");
        thread.start();
        return new Waiting(thread, outcome);
    }
}
