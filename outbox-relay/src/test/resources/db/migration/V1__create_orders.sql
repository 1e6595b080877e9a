-- The schema of the test's sample service (OutboxRelayAutoConfigurationTests.SampleService).
CREATE TABLE orders (
    id     text PRIMARY KEY,
    status text NOT NULL
);
