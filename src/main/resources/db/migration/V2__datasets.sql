-- Uploaded datasets: metadata and the parsed schema in one table, the uploaded bytes in another so that lists never
-- touch them.

CREATE TABLE dataset (
    id             UUID PRIMARY KEY,
    tenant         VARCHAR(100)     NOT NULL,
    name           VARCHAR(200)     NOT NULL,
    format         VARCHAR(16)      NOT NULL,
    task           VARCHAR(20)      NOT NULL,
    target         VARCHAR(200),
    row_count      INTEGER          NOT NULL,
    feature_count  INTEGER          NOT NULL,
    schema_json    VARCHAR(1000000) NOT NULL,
    content_hash   VARCHAR(64)      NOT NULL,
    size_bytes     BIGINT           NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX dataset_tenant_created ON dataset (tenant, created_at);

CREATE TABLE dataset_file (
    dataset_id UUID         NOT NULL REFERENCES dataset (id) ON DELETE CASCADE,
    part       VARCHAR(16)  NOT NULL,
    content    BYTEA        NOT NULL,
    PRIMARY KEY (dataset_id, part)
);
