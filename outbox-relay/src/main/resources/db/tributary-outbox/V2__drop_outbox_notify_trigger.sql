-- V1 woke listening relays with a trigger that ran NOTIFY inside every transaction that inserted outbox rows.
-- PostgreSQL serialises the commits of all transactions that sent a NOTIFY in a database: each holds a
-- database-wide lock from pre-commit until its commit record is flushed, so no two such commits share an fsync.
-- Every service transaction that wrote an event waited for the previous one's flush: ~300 commits/s on the
-- benchmark machine whatever the number of connections, against ~2,800/s without the trigger (benchmarks/findings.md).
-- Writers now notify after their commit, outside their transaction: OutboxWriter does it (coalesced, on a
-- connection of its own with synchronous_commit off, see OutboxNotifier); other writers may run
-- NOTIFY tributary_outbox after committing, or leave the rows to the relay's poll interval.
DROP TRIGGER IF EXISTS outbox_notify ON outbox;
DROP FUNCTION IF EXISTS outbox_notify();
