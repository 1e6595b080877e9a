-- One database per service (database-per-service): order-sample owns "orders", payment-sample owns "payments".
-- Run once by the postgres image on an empty data directory (/docker-entrypoint-initdb.d).
-- Each service creates its own tables with Flyway; the outbox tables come with the embedded relay.
CREATE DATABASE orders;
CREATE DATABASE payments;
