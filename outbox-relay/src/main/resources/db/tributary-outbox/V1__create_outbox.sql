-- The transactional outbox, relayed to platform topics by io.tributary.outbox.OutboxRelay.
--
-- Columns id, aggregatetype, aggregateid, type and payload are those of Debezium's outbox event router, so a
-- service can switch between the relay and Debezium without changing how it writes events. The relay adds:
--   position  commit order within an aggregate, assigned by the trigger below (never by the application);
--   sent_at   set instead of deleting the row when the relay runs with sent-rows=mark.
-- A service writes an event by inserting a row in the same transaction as its business change. Rows are
-- immutable once inserted; the relay deletes (or marks) them after the platform acknowledged them.
CREATE TABLE outbox (
    id            uuid        PRIMARY KEY,
    aggregatetype text        NOT NULL,
    aggregateid   text        NOT NULL,
    type          text        NOT NULL,
    payload       jsonb,
    headers       jsonb,
    created_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
    position      bigint      NOT NULL,
    sent_at       timestamptz
);

-- The relay reads unsent rows in position order.
CREATE INDEX outbox_unsent_by_position ON outbox (position) WHERE sent_at IS NULL;

CREATE SEQUENCE outbox_position_seq AS bigint;

-- One row per aggregate that ever had an event: the row the ordering trigger locks.
CREATE TABLE outbox_aggregate (
    aggregatetype text   NOT NULL,
    aggregateid   text   NOT NULL,
    events        bigint NOT NULL,
    PRIMARY KEY (aggregatetype, aggregateid)
);

-- Positions follow commit order within an aggregate. The upsert locks the aggregate's row until the
-- transaction ends, so a second transaction writing an event of the same aggregate waits here and takes
-- its position only after the first one committed (or rolled back). A relay that sees a row therefore
-- also sees every earlier row of that aggregate, and "ORDER BY position" is commit order per aggregate.
-- (Rows of different aggregates still commit out of order, which is why the relay never reads
-- "position > last seen": it reads every row that is still unsent.)
-- Transactions that write events of several aggregates lock them in the order they write them; write
-- them in a consistent order (e.g. sorted) or be ready to retry on a deadlock, as with any row locks.
CREATE FUNCTION outbox_assign_position() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    INSERT INTO outbox_aggregate (aggregatetype, aggregateid, events)
    VALUES (NEW.aggregatetype, NEW.aggregateid, 1)
    ON CONFLICT (aggregatetype, aggregateid) DO UPDATE SET events = outbox_aggregate.events + 1;
    NEW.position := nextval('outbox_position_seq');
    RETURN NEW;
END
$$;

CREATE TRIGGER outbox_assign_position
    BEFORE INSERT ON outbox
    FOR EACH ROW EXECUTE FUNCTION outbox_assign_position();

-- Wakes listening relays when the inserting transaction commits (PostgreSQL delivers NOTIFY at commit and
-- folds duplicates of one transaction into one), so the relay needs no busy polling.
CREATE FUNCTION outbox_notify() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM pg_notify('tributary_outbox', '');
    RETURN NULL;
END
$$;

CREATE TRIGGER outbox_notify
    AFTER INSERT ON outbox
    FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify();

-- Rows the platform rejected permanently (e.g. larger than the topic's max.message.bytes), moved here so
-- they do not block their aggregate forever. Inspect, fix and re-insert into outbox to publish them again.
CREATE TABLE outbox_failed (
    id            uuid        PRIMARY KEY,
    aggregatetype text        NOT NULL,
    aggregateid   text        NOT NULL,
    type          text        NOT NULL,
    payload       jsonb,
    headers       jsonb,
    created_at    timestamptz NOT NULL,
    topic         text        NOT NULL,
    error_code    integer,
    reason        text        NOT NULL,
    failed_at     timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- The relay shard of an aggregate: a hash of aggregatetype/aggregateid modulo the shard count. md5, not
-- hashtext, because it is the same on every PostgreSQL version: an upgrade must not move aggregates between
-- shards. (Also handy to find which relay owns an aggregate.)
CREATE FUNCTION outbox_shard(aggregatetype text, aggregateid text, shards integer) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$
SELECT (('x' || substr(md5(aggregatetype || '/' || aggregateid), 1, 8))::bit(32)::integer & 2147483647) % shards
$$;

-- Relay state, one row per shard of the aggregate key space. producer_id is the shard's stable idempotent
-- producer id; epoch grows when a relay takes the shard over (fencing the previous owner); next_sequence is
-- the sequence the next claimed batch gets.
CREATE TABLE outbox_relay_shard (
    shard         integer     PRIMARY KEY,
    shard_count   integer     NOT NULL,
    producer_id   bigint      NOT NULL,
    epoch         integer     NOT NULL,
    next_sequence bigint      NOT NULL,
    owner         text,
    owned_since   timestamptz
);

-- Batches claimed but not yet known to be in the log: the rows (in order) of one produce request and the
-- (epoch, sequence) it is sent with. After a crash the next owner re-sends them unchanged, so the platform
-- answers the original offsets instead of appending twice.
CREATE TABLE outbox_relay_batch (
    shard      integer     NOT NULL REFERENCES outbox_relay_shard (shard),
    sequence   bigint      NOT NULL,
    epoch      integer     NOT NULL,
    topic      text        NOT NULL,
    event_ids  uuid[]      NOT NULL,
    claimed_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    PRIMARY KEY (shard, sequence)
);
