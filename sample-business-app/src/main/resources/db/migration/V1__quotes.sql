-- Portable SQL: runs unchanged on H2 (default) and PostgreSQL (profile "postgres").

CREATE TABLE quote (
    id             VARCHAR(36)  PRIMARY KEY,
    order_id       VARCHAR(64)  NOT NULL,
    customer_id    VARCHAR(64)  NOT NULL,
    status         VARCHAR(16)  NOT NULL,
    currency       VARCHAR(3)   NOT NULL,
    subtotal_cents BIGINT       NOT NULL,
    discount_cents BIGINT       NOT NULL,
    shipping_cents BIGINT       NOT NULL,
    tax_cents      BIGINT       NOT NULL,
    total_cents    BIGINT       NOT NULL,
    fraud_score    INTEGER      NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    -- the quote exactly as the API returned it
    document       TEXT         NOT NULL
);

CREATE INDEX quote_customer ON quote (customer_id);

CREATE TABLE quote_line (
    quote_id         VARCHAR(36) NOT NULL REFERENCES quote (id),
    line_no          INTEGER     NOT NULL,
    sku              VARCHAR(64) NOT NULL,
    quantity         INTEGER     NOT NULL,
    unit_price_cents BIGINT      NOT NULL,
    category         VARCHAR(32),
    PRIMARY KEY (quote_id, line_no)
);

-- Which vendor plugin, at which digest, produced each part of a quote: the audit trail.
CREATE TABLE quote_vendor (
    quote_id VARCHAR(36) NOT NULL REFERENCES quote (id),
    slot     VARCHAR(16) NOT NULL,
    vendor   VARCHAR(64) NOT NULL,
    sha256   VARCHAR(64) NOT NULL,
    fuel     BIGINT      NOT NULL,
    micros   BIGINT      NOT NULL,
    PRIMARY KEY (quote_id, slot)
);

-- wasmbox:kv for the vendor plugins (JdbcKeyValueStore's table).
CREATE TABLE wasmbox_kv (
    namespace   VARCHAR(255)  NOT NULL,
    entry_key   VARCHAR(1024) NOT NULL,
    entry_value BYTEA         NOT NULL,
    PRIMARY KEY (namespace, entry_key)
);
