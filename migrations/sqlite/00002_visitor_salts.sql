-- Daily salts for hashing visitor IPs. A salt lives two days (today's and
-- yesterday's, so a visit across midnight matches) and is then deleted, which
-- makes older ip_hash values unlinkable to any address.

-- +goose Up
CREATE TABLE visitor_salts (
    day TEXT PRIMARY KEY CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    salt BLOB NOT NULL,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- +goose Down
DROP TABLE IF EXISTS visitor_salts;
