-- GitHub webhook deliveries and per-project sync state, for the worker.
-- A delivery is recorded when it is accepted (so a redelivery is a no-op) and
-- marked processed in the transaction that applies its effect (so a job that
-- runs twice applies it once). The sync state keeps the repository ETag that
-- makes the next `sync github` a conditional request.

-- +goose Up
CREATE TABLE webhook_deliveries (
    delivery_id VARCHAR(100) PRIMARY KEY,
    event VARCHAR(50) NOT NULL,
    repository VARCHAR(255),
    received_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    processed_at TIMESTAMPTZ
);
CREATE INDEX idx_webhook_deliveries_received ON webhook_deliveries(received_at);

CREATE TABLE project_sync_state (
    project_id UUID NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    provider VARCHAR(20) NOT NULL,
    etag VARCHAR(255),
    synced_at TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    PRIMARY KEY (project_id, provider)
);

-- +goose Down
DROP TABLE IF EXISTS project_sync_state;
DROP TABLE IF EXISTS webhook_deliveries;
