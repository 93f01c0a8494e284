-- wing-coupons schema, version 1 (SQLite).
-- Timestamps are KST wall-clock text 'yyyy-MM-dd HH:mm:ss': text order is time order.

CREATE TABLE vendors (
    vendor_id TEXT PRIMARY KEY
);

CREATE TABLE api_keys (
    access_key TEXT PRIMARY KEY,
    secret_key TEXT NOT NULL,
    vendor_id  TEXT NOT NULL REFERENCES vendors (vendor_id)
);

CREATE TABLE wing_users (
    user_id   TEXT PRIMARY KEY,
    vendor_id TEXT NOT NULL REFERENCES vendors (vendor_id)
);

CREATE TABLE contracts (
    contract_id         INTEGER PRIMARY KEY,
    vendor_id           TEXT NOT NULL REFERENCES vendors (vendor_id),
    vendor_contract_id  INTEGER,
    type                TEXT NOT NULL,
    seller_share_ratio  REAL NOT NULL,
    coupang_share_ratio REAL NOT NULL,
    gmv_ratio           REAL NOT NULL,
    start_at            TEXT NOT NULL,
    end_at              TEXT NOT NULL,
    use_budget          INTEGER NOT NULL,
    monthly_budget      INTEGER NOT NULL,
    modified_at         TEXT NOT NULL,
    modified_by         TEXT NOT NULL
);
CREATE INDEX contracts_by_vendor ON contracts (vendor_id, contract_id);

CREATE TABLE vendor_items (
    vendor_item_id INTEGER PRIMARY KEY,
    vendor_id      TEXT NOT NULL REFERENCES vendors (vendor_id),
    price          INTEGER NOT NULL
);

CREATE TABLE instant_coupons (
    coupon_id          INTEGER PRIMARY KEY AUTOINCREMENT,
    vendor_id          TEXT NOT NULL REFERENCES vendors (vendor_id),
    contract_id        INTEGER NOT NULL REFERENCES contracts (contract_id),
    name               TEXT NOT NULL,
    type               TEXT NOT NULL,
    discount           INTEGER NOT NULL,
    max_discount_price INTEGER NOT NULL,
    start_at           TEXT NOT NULL,
    end_at             TEXT NOT NULL,
    wow_exclusive      INTEGER NOT NULL,
    state              TEXT NOT NULL,          -- ACTIVE | PAUSED | DETACHED
    created_at         TEXT NOT NULL,
    closed_at          TEXT                    -- when it left ACTIVE
);
CREATE INDEX instant_coupons_by_vendor ON instant_coupons (vendor_id, coupon_id);

CREATE TABLE instant_coupon_items (
    coupon_item_id INTEGER PRIMARY KEY AUTOINCREMENT,
    coupon_id      INTEGER NOT NULL REFERENCES instant_coupons (coupon_id),
    vendor_id      TEXT NOT NULL,
    vendor_item_id INTEGER NOT NULL,
    live           INTEGER,                    -- 1 while the item holds its coupon, else NULL
    attached_at    TEXT NOT NULL,
    removed_at     TEXT
);
-- The rule "a vendor item is on at most one live instant coupon" lives here, so racing requests
-- cannot both win.
CREATE UNIQUE INDEX one_live_instant_coupon_per_item ON instant_coupon_items (vendor_item_id) WHERE live = 1;
CREATE INDEX instant_coupon_items_by_coupon ON instant_coupon_items (coupon_id, coupon_item_id);
CREATE INDEX instant_coupon_items_by_item ON instant_coupon_items (vendor_item_id);

CREATE TABLE requests (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    requested_id TEXT NOT NULL UNIQUE,
    vendor_id    TEXT NOT NULL,
    type         TEXT NOT NULL,
    coupon_id    INTEGER,
    status       TEXT NOT NULL,                -- REQUESTED | DONE | FAIL
    total        INTEGER NOT NULL,
    succeeded    INTEGER NOT NULL DEFAULT 0,
    failed       INTEGER NOT NULL DEFAULT 0,
    payload      TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    created_ms   INTEGER NOT NULL,
    finished_at  TEXT
);
CREATE INDEX requests_due ON requests (created_ms, seq) WHERE status = 'REQUESTED';
CREATE INDEX requests_pending_by_coupon ON requests (coupon_id) WHERE status = 'REQUESTED';

CREATE TABLE request_failures (
    requested_id   TEXT NOT NULL,
    seq            INTEGER NOT NULL,
    vendor_item_id INTEGER NOT NULL,
    reason         TEXT NOT NULL,
    PRIMARY KEY (requested_id, seq)
);

CREATE TABLE orders (
    order_id   INTEGER PRIMARY KEY,
    vendor_id  TEXT NOT NULL REFERENCES vendors (vendor_id),
    ordered_at TEXT NOT NULL
);

CREATE TABLE order_items (
    order_id       INTEGER NOT NULL REFERENCES orders (order_id),
    vendor_item_id INTEGER NOT NULL,
    PRIMARY KEY (order_id, vendor_item_id)
);
