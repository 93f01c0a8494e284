-- Downloadable coupons (D1-D5).

ALTER TABLE requests ADD COLUMN family TEXT NOT NULL DEFAULT 'FMS';   -- FMS | DOWNLOAD

CREATE TABLE download_coupons (
    coupon_id   INTEGER PRIMARY KEY AUTOINCREMENT,
    vendor_id   TEXT NOT NULL REFERENCES vendors (vendor_id),
    contract_id INTEGER NOT NULL REFERENCES contracts (contract_id),
    title       TEXT NOT NULL,
    start_at    TEXT NOT NULL,
    end_at      TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    created_ms  INTEGER NOT NULL,
    published_at TEXT,
    state       TEXT NOT NULL,                  -- ACTIVE | EXPIRED | DESTROYED
    closed_at   TEXT
);
-- Coupang's downloadable couponIds are 8 digits; start there so they never look like instant ones.
INSERT INTO sqlite_sequence (name, seq) VALUES ('download_coupons', 11000000);

CREATE TABLE download_coupon_policies (
    coupon_id              INTEGER NOT NULL REFERENCES download_coupons (coupon_id),
    seq                    INTEGER NOT NULL,
    title                  TEXT NOT NULL,
    type_of_discount       TEXT NOT NULL,
    description            TEXT NOT NULL,
    minimum_price          INTEGER NOT NULL,
    discount               INTEGER NOT NULL,
    maximum_discount_price INTEGER NOT NULL,
    maximum_per_daily      INTEGER NOT NULL,
    manage_code            TEXT NOT NULL,
    PRIMARY KEY (coupon_id, seq)
);

CREATE TABLE download_coupon_items (
    coupon_item_id INTEGER PRIMARY KEY AUTOINCREMENT,
    coupon_id      INTEGER NOT NULL REFERENCES download_coupons (coupon_id),
    vendor_id      TEXT NOT NULL,
    vendor_item_id INTEGER NOT NULL,
    live           INTEGER,
    attached_at    TEXT NOT NULL,
    removed_at     TEXT
);
-- "One coupon per option ID": a vendor item is on at most one live downloadable coupon.
CREATE UNIQUE INDEX one_live_download_coupon_per_item ON download_coupon_items (vendor_item_id) WHERE live = 1;
CREATE INDEX download_coupon_items_by_coupon ON download_coupon_items (coupon_id);
