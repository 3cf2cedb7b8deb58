-- API keys: only a SHA-256 of each key is stored; the key itself is shown once, when it is issued.
CREATE TABLE api_key (
    id         UUID PRIMARY KEY,
    tenant     VARCHAR(100) NOT NULL,
    role       VARCHAR(16)  NOT NULL,
    key_hash   VARCHAR(64)  NOT NULL UNIQUE,
    key_prefix VARCHAR(16)  NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at TIMESTAMP WITH TIME ZONE
);
