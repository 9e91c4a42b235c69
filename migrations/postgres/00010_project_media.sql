-- A project's media: an ordered list of images, videos and links shown on
-- its page (internal/domain/media.go holds the rules: https only, bounded
-- sizes, alt text for images, at most 20 per project). position orders the
-- list from 0; projects.media_count is kept by the same transactions so the
-- garden shows the count without reading the list.

-- +goose Up
CREATE TABLE project_media (
    id UUID PRIMARY KEY,
    project_id UUID NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position >= 0),
    kind VARCHAR(10) NOT NULL CHECK (kind IN ('image','video','link')),
    url VARCHAR(2048) NOT NULL,
    caption VARCHAR(300),
    alt_text VARCHAR(300),
    created_at TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
CREATE INDEX idx_project_media_project ON project_media(project_id, position);
ALTER TABLE projects ADD COLUMN media_count INTEGER NOT NULL DEFAULT 0 CHECK (media_count >= 0);

-- +goose Down
ALTER TABLE projects DROP COLUMN media_count;
DROP TABLE IF EXISTS project_media;
