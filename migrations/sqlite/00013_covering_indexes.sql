-- PostgreSQL gets a covering index for the hourly session totals here
-- (migrations/postgres/00013). SQLite's analytics_sessions_hourly is WITHOUT
-- ROWID, clustered by (dim, hour, value): the totals of a range are already
-- contiguous. This migration keeps both engines at the same version.

-- +goose Up
SELECT 1;

-- +goose Down
SELECT 1;
