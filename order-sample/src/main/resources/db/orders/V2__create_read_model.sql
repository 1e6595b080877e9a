-- The CQRS read model, written only by the projection from orders.events and payments.events (never from the
-- tables above), and dropped and replayed by POST /admin/read-model/rebuild. Columns are flags and sums that
-- events set or add to in any order; the status is derived when read.
CREATE TABLE rm_customer_order (
    order_id       text           PRIMARY KEY,
    customer_id    text           NOT NULL,
    amount         numeric(19, 2) NOT NULL,
    currency       text           NOT NULL,
    placed_at      timestamptz,
    payment_status text,
    payment_reason text,
    cancelled      boolean        NOT NULL DEFAULT false,
    refunded       boolean        NOT NULL DEFAULT false
);

CREATE INDEX rm_customer_order_by_customer ON rm_customer_order (customer_id);

-- Revenue per currency in tumbling windows (tributary.orders.revenue-window, 60 s), by event time.
CREATE TABLE rm_revenue_window (
    currency     text           NOT NULL,
    window_start timestamptz    NOT NULL,
    charged      numeric(19, 2) NOT NULL,
    refunded     numeric(19, 2) NOT NULL,
    payments     integer        NOT NULL,
    refunds      integer        NOT NULL,
    PRIMARY KEY (currency, window_start)
);

-- Events applied to the read model (each exactly once).
CREATE TABLE rm_processed_event (
    event_id text PRIMARY KEY
);

-- The read model's generation: each rebuild starts a new one, consumed by a new consumer group.
CREATE TABLE rm_state (
    id         integer PRIMARY KEY CHECK (id = 1),
    generation bigint      NOT NULL,
    rebuilt_at timestamptz
);

INSERT INTO rm_state (id, generation) VALUES (1, 1);
