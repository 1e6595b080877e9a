package io.tributary.benchmarks.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Which worker runs which task of a schedule. No timing is asserted, only who ran what. */
class FixedRateTests {

    private static final int WORKERS = 4;
    private static final int TASKS = 20; // 20 ms at 1,000/s

    record Ran(long dueNanos, int worker) {
    }

    @Test
    void inTurnWorkerWRunsTasksWPlusMultiplesOfN() {
        List<Ran> ran = new CopyOnWriteArrayList<>();
        FixedRate.Result result = schedule().run(WORKERS, FixedRate.Dispatch.IN_TURN, (worker, due) -> ran.add(new Ran(due, worker)));

        assertThat(result.errors()).as(result.firstError()).isZero();
        List<Ran> inDueOrder = ran.stream().sorted(Comparator.comparingLong(Ran::dueNanos)).toList();
        assertThat(inDueOrder).hasSize(TASKS);
        for (int task = 0; task < TASKS; task++) {
            assertThat(inDueOrder.get(task).worker()).as("worker of task %d", task).isEqualTo(task % WORKERS);
        }
    }

    /** In turn, this could not finish: every fourth task would wait for the stuck worker, which waits for them. */
    @Test
    void nextFreeRunsEveryOtherTaskWhileOneWorkerIsStuck() {
        CountDownLatch othersDone = new CountDownLatch(TASKS - 1);
        AtomicInteger stuckWorker = new AtomicInteger(-1);
        List<Ran> ran = new CopyOnWriteArrayList<>();
        FixedRate.Result result = schedule().run(WORKERS, FixedRate.Dispatch.NEXT_FREE, (worker, due) -> {
            ran.add(new Ran(due, worker));
            if (stuckWorker.compareAndSet(-1, worker)) {
                if (!othersDone.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the other tasks waited for this worker");
                }
            } else {
                othersDone.countDown();
            }
        });

        assertThat(result.errors()).as(result.firstError()).isZero();
        assertThat(ran).hasSize(TASKS);
        assertThat(ran).filteredOn(r -> r.worker() == stuckWorker.get()).hasSize(1);
    }

    private static FixedRate schedule() {
        return new FixedRate(1_000, Duration.ZERO, Duration.ofMillis(TASKS));
    }
}
