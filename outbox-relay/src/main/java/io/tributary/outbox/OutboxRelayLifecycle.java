package io.tributary.outbox;

import org.springframework.context.SmartLifecycle;

/** Starts the relay once the application context is ready, and stops it gracefully before the context closes. */
final class OutboxRelayLifecycle implements SmartLifecycle {

    private final OutboxRelay relay;

    OutboxRelayLifecycle(OutboxRelay relay) {
        this.relay = relay;
    }

    @Override
    public void start() {
        relay.start();
    }

    @Override
    public void stop() {
        relay.close();
    }

    @Override
    public boolean isRunning() {
        return relay.isRunning();
    }
}
