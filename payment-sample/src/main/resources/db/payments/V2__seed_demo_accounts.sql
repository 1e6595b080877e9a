-- Demo accounts for the README walkthrough: alice can afford a few orders, bob hardly any.
INSERT INTO account (id, currency, balance, created_at) VALUES
    ('alice', 'EUR', 500.00, now()),
    ('bob',   'EUR',  50.00, now()),
    ('carol', 'USD', 1000.00, now());
