-- Daily salts for hashing visitor IPs. A salt lives two days (today's and
-- yesterday's, so a visit across midnight matches) and is then deleted, which
-- makes older ip_hash values unlinkable to any address.

-- +goose Up
CREATE TABLE visitor_salts (
    day DATE PRIMARY KEY,
    salt BYTEA NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

-- +goose Down
DROP TABLE IF EXISTS visitor_salts;
