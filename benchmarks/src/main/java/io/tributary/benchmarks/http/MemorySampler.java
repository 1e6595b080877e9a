package io.tributary.benchmarks.http;

import io.tributary.benchmarks.ProcessMemory;

/** Polls a process's resident memory in the background and keeps the largest value seen. */
public final class MemorySampler implements AutoCloseable {

    private final Thread thread;
    private volatile boolean running = true;
    private volatile ProcessMemory peak = new ProcessMemory(0, 0, 0, 0);

    public MemorySampler(long pid) {
        thread = new Thread(() -> {
            while (running) {
                ProcessMemory now = ProcessMemory.of(pid);
                if (now.rssMiB() > peak.rssMiB()) {
                    peak = now;
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "memory-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    public ProcessMemory peak() {
        return peak;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
