//! The `wing-coupons` client commands, run as a user runs them, against the real server started
//! in-process on port 0.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::Duration;
use wing_server::config::DbUrl;
use wing_server::seed;
use wing_server::startup::Seeding;
use wing_server::testing::{self, Options, TestServer};

struct Env {
    server: TestServer,
    rt: tokio::runtime::Runtime,
    home: tempfile::TempDir,
}

fn env_with(opts: Options) -> Env {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let server = rt.block_on(testing::spawn(opts));
    Env {
        server,
        rt,
        home: tempfile::tempdir().unwrap(),
    }
}

fn env() -> Env {
    env_with(Options::default())
}

impl Env {
    /// The binary with the demo vendor's settings in the environment and a home of its own.
    fn cmd(&self) -> Command {
        let mut c = Command::cargo_bin("wing-coupons").unwrap();
        c.current_dir(self.home.path())
            .env("HOME", self.home.path())
            .env("XDG_STATE_HOME", self.home.path().join("state"))
            .env("XDG_CONFIG_HOME", self.home.path().join("config"))
            .env_remove("WING_COUPONS_CONFIG")
            .env_remove("WING_COUPONS_RATE_LIMIT")
            .env("COUPANG_BASE_URL", &self.server.base_url)
            .env("COUPANG_ACCESS_KEY", "demo-access-key")
            .env("COUPANG_SECRET_KEY", "demo-secret-key")
            .env("COUPANG_VENDOR_ID", "A00012345")
            .env("COUPANG_USER_ID", "demo-user")
            .timeout(Duration::from_secs(120));
        c
    }

    /// Runs with `--json`, expects `code`, returns stdout as JSON.
    fn json(&self, args: &[&str], code: i32) -> Value {
        let out = self.cmd().args(args).arg("--json").output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(code),
            "{args:?}\nstdout: {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{args:?}: {e}: {}", String::from_utf8_lossy(&out.stdout)))
    }

    fn path(&self, name: &str) -> PathBuf {
        self.home.path().join(name)
    }

    fn db_count(&self, sql: &str) -> i64 {
        let DbUrl::SqliteFile(p) = &self.server.db else {
            panic!("file database expected")
        };
        let c = rusqlite::Connection::open(p).unwrap();
        c.query_row(sql, [], |r| r.get(0)).unwrap()
    }
}

fn create_coupon(e: &Env, name: &str) -> i64 {
    let o = e.json(
        &[
            "coupons",
            "create",
            "--contract-id",
            "15",
            "--name",
            name,
            "--type",
            "PRICE",
            "--discount",
            "1000",
            "--max-discount-price",
            "1000",
            "--start",
            "2026-11-22 00:00:00",
            "--end",
            "2026-12-22 00:00:00",
            "--wait",
        ],
        0,
    );
    assert_eq!(
        (o["outcome"].as_str(), o["status"].as_str()),
        (Some("succeeded"), Some("DONE")),
        "{o}"
    );
    o["couponId"].as_i64().unwrap()
}

fn create_download(e: &Env) -> i64 {
    let c = e.json(
        &[
            "download-coupons",
            "create",
            "--contract-id",
            "15",
            "--title",
            "다운로드",
            "--start",
            "2026-11-22 14:00:00",
            "--end",
            "2026-12-31 23:00:00",
            "--policy",
            "title=천원,type=PRICE,discount=1000,min=10000,max=1000,per-day=1",
        ],
        0,
    );
    c["couponId"].as_i64().unwrap()
}

#[test]
fn one_command_per_family() {
    let e = env();
    let contracts = e.json(&["contracts", "list"], 0);
    assert_eq!(contracts.as_array().unwrap().len(), 2);
    assert_eq!(
        e.json(&["contracts", "get", "16"], 0)["type"],
        "CONTRACT_BASED"
    );
    let budgets = e.json(&["budgets", "--contract-id", "16", "--month", "2026-11"], 0);
    assert_eq!(budgets[0]["totalBudgetAmount"], 10000000);

    let id = create_coupon(&e, "family");
    let cid = id.to_string();
    assert_eq!(e.json(&["coupons", "get", &cid], 0)["status"], "APPLIED");
    let listed = e.json(&["coupons", "list", "--status", "APPLIED"], 0);
    assert_eq!(listed[0]["couponId"], id);

    let added = e.json(&["items", "add", &cid, "3000000001", "3000000002"], 0);
    assert_eq!(
        (added["applied"].as_i64(), added["failed"].as_i64()),
        (Some(2), Some(0))
    );
    let item = e.json(&["items", "get", &cid, "--vendor-item-id", "3000000001"], 0);
    assert_eq!(item["status"], "APPLIED");
    assert_eq!(
        e.json(&["items", "list", &cid, "--status", "APPLIED"], 0)
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let removed = e.json(&["items", "remove", &cid, "3000000002", "--wait"], 0);
    assert_eq!(removed["type"], "COUPON_ITEM_EXPIRE");
    let state = e.json(
        &["requests", "get", removed["requestedId"].as_str().unwrap()],
        0,
    );
    assert_eq!(state["status"], "DONE");
    let expired = e.json(&["coupons", "expire", &cid, "--wait"], 0);
    assert_eq!(expired["type"], "COUPON_EXPIRE");

    let d = create_download(&e);
    let did = d.to_string();
    let added = e.json(
        &[
            "download-coupons",
            "add-items",
            &did,
            "3000000100",
            "3000000101",
        ],
        0,
    );
    assert_eq!(added["applied"], 2);
    let got = e.json(&["download-coupons", "get", &did], 0);
    assert_eq!(got["appliedOptionCount"], 2);
    let expired = e.json(&["download-coupons", "expire", &did, "--wait"], 0);
    let tx = expired["results"][0]["body"]["requestTransactionId"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(expired["outcomes"][0]["status"], "DONE");
    assert_eq!(
        e.json(&["download-coupons", "status", &tx], 0)["type"],
        "COUPON_EXPIRE"
    );

    // The human form: a table with the header and the rows.
    let out = e.cmd().args(["contracts", "list"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("contractId") && text.contains("NON_CONTRACT_BASED"),
        "{text}"
    );
}

#[test]
fn bulk_add_of_25000_ids_reports_exactly_the_failed_ones_and_resumes_without_resending() {
    let mut seed = seed::demo();
    seed.vendors[0].vendor_item_ranges[0].last = 3000030000;
    let e = env_with(Options {
        seeding: Seeding::File(seed),
        ..Options::default()
    });
    let id = create_coupon(&e, "bulk").to_string();
    let invalid = [0i64, -7, 100_000_000_000];
    let foreign = [4000000001i64, 4000000002];
    let mut lines = vec!["vendorItemId,note".to_string()];
    for (n, v) in (3000000001i64..3000000001 + 24_995).enumerate() {
        lines.push(format!("{v},item {n}"));
        if n == 7 {
            lines.extend(invalid.iter().map(|i| format!("{i},bad")));
        }
        if n == 12_000 {
            lines.extend(foreign.iter().map(|i| format!("{i},other vendor")));
            lines.push(format!("{v},duplicate"));
        }
    }
    std::fs::write(e.path("ids.csv"), lines.join("\n")).unwrap();
    let run = || {
        e.json(
            &[
                "items",
                "add",
                &id,
                "--file",
                "ids.csv",
                "--failures",
                "failures.csv",
            ],
            3,
        )
    };
    let s = run();
    assert_eq!(
        (
            &s["ids"],
            &s["duplicatesDropped"],
            &s["requests"],
            &s["applied"],
            &s["failed"],
            &s["pending"]
        ),
        (
            &Value::from(25_000),
            &Value::from(1),
            &Value::from(3),
            &Value::from(24_995),
            &Value::from(5),
            &Value::from(0)
        ),
        "{s}"
    );
    let report = std::fs::read_to_string(e.path("failures.csv")).unwrap();
    let mut rows: Vec<(i64, String)> = report
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[0].parse().unwrap(), f[1].to_string())
        })
        .collect();
    rows.sort();
    assert_eq!(
        report.lines().next(),
        Some("vendorItemId,code,reason,requestedId")
    );
    assert_eq!(
        rows,
        [
            (-7, "CIE00".into()),
            (0, "CIE00".into()),
            (4000000001, "CIR06".into()),
            (4000000002, "CIR06".into()),
            (100_000_000_000, "CIE00".into()),
        ]
    );
    let requests = e.db_count("SELECT COUNT(*) FROM requests");

    // Again: the journal answers, nothing is sent, the report is the same.
    let again = run();
    assert_eq!(
        (&again["applied"], &again["failed"]),
        (&s["applied"], &s["failed"])
    );
    assert_eq!(e.db_count("SELECT COUNT(*) FROM requests"), requests);
    assert_eq!(
        std::fs::read_to_string(e.path("failures.csv")).unwrap(),
        report
    );
    let applied = e.json(&["items", "list", &id, "--status", "APPLIED"], 0);
    assert_eq!(applied.as_array().unwrap().len(), 24_995);
}

/// Drops what the journal learnt about `chunk` after it was sent: as if the CLI died waiting
/// for the answer.
fn forget_answer(journal: &Path, chunk: usize) {
    let text = std::fs::read_to_string(journal).unwrap();
    let kept: Vec<&str> = text
        .lines()
        .filter(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            !(v["chunk"] == chunk && v["event"] != "sending")
        })
        .collect();
    std::fs::write(journal, kept.join("\n") + "\n").unwrap();
}

#[test]
fn a_rerun_after_an_interruption_applies_nothing_twice() {
    let e = env();
    let d = create_download(&e).to_string();
    let ids: Vec<String> = (3000000201i64..3000000451).map(|v| v.to_string()).collect();
    std::fs::write(e.path("ids.txt"), ids.join("\n")).unwrap();
    let args = [
        "download-coupons",
        "add-items",
        &d,
        "--file",
        "ids.txt",
        "--state",
        "run.jsonl",
    ];
    let first = e.json(&args, 0);
    assert_eq!(
        (&first["requests"], &first["applied"]),
        (&Value::from(3), &Value::from(250))
    );

    // The second chunk was sent but its answer never recorded: the re-run resends it, and its
    // items come back as already on this coupon, not as failures.
    forget_answer(&e.path("run.jsonl"), 1);
    let requests = e.db_count("SELECT COUNT(*) FROM requests");
    let again = e.json(&args, 0);
    assert_eq!(
        (
            &again["applied"],
            &again["alreadyOnCoupon"],
            &again["failed"]
        ),
        (&Value::from(150), &Value::from(100), &Value::from(0)),
        "{again}"
    );
    assert_eq!(e.db_count("SELECT COUNT(*) FROM requests"), requests + 1);
    assert_eq!(
        e.json(&["download-coupons", "get", &d], 0)["appliedOptionCount"],
        250
    );
}

#[test]
fn sign_prints_a_header_the_server_accepts() {
    let e = env();
    for path in [
        "/v2/providers/fms/apis/api/v2/vendors/A00012345/contract/list",
        "/v2/providers/fms/apis/api/v2/vendors/A00012345/coupons?status=APPLIED&page=1&size=10",
    ] {
        let out = e.cmd().args(["sign", "get", path]).output().unwrap();
        assert!(out.status.success());
        let header = String::from_utf8(out.stdout).unwrap().trim().to_string();
        assert!(
            header
                .starts_with("CEA algorithm=HmacSHA256, access-key=demo-access-key, signed-date="),
            "{header}"
        );
        let status = e.rt.block_on(async {
            reqwest::Client::new()
                .get(format!("{}{path}", e.server.base_url))
                .header("authorization", &header)
                .send()
                .await
                .unwrap()
                .status()
        });
        assert_eq!(status, 200, "{path}");
    }
}

#[test]
fn settings_come_from_flags_then_environment_then_the_config_file() {
    let e = env();
    let config = e.path("config/wing-coupons/config.toml");
    std::fs::create_dir_all(config.parent().unwrap()).unwrap();
    std::fs::write(
        &config,
        "vendor_id = \"A99999999\"\nsecret_key = \"file-secret-value\"\nrate_limit = 0\nuser_id = \"file-user\"\n",
    )
    .unwrap();
    let show = e.json(&["config", "show", "--vendor-id", "A00012345"], 0);
    assert_eq!(show["vendor_id"]["value"], "A00012345");
    assert_eq!(show["vendor_id"]["source"], "flag");
    assert_eq!(show["secret_key"]["source"], "environment");
    assert_eq!(show["secret_key"]["value"], "demo****");
    assert_eq!(show["rate_limit"]["value"], "0");
    assert!(show["rate_limit"]["source"]
        .as_str()
        .unwrap()
        .starts_with("config file "));
    let shown = e
        .cmd()
        .args(["config", "show"])
        .env_remove("COUPANG_SECRET_KEY")
        .output()
        .unwrap();
    let text = String::from_utf8(shown.stdout).unwrap();
    assert!(
        text.contains("file****") && !text.contains("file-secret-value"),
        "{text}"
    );

    // The file's vendor id is used when neither flag nor environment gives one.
    let out = e
        .cmd()
        .args(["contracts", "list"])
        .env_remove("COUPANG_VENDOR_ID")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("업체정보의 권한을 확인하세요"));
}

#[test]
fn exit_codes_say_what_happened() {
    let e = env_with(Options {
        processing_delay: Duration::from_secs(60),
        ..Options::default()
    });
    // Usage: no credentials.
    let out = e
        .cmd()
        .args(["contracts", "list"])
        .env_remove("COUPANG_ACCESS_KEY")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing access key"));
    // API error: no such coupon, with Coupang's message.
    let out = e.cmd().args(["coupons", "get", "999999"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("error: HTTP 400: "));
    // Gateway error: a wrong secret.
    let out = e
        .cmd()
        .args(["contracts", "list"])
        .env("COUPANG_SECRET_KEY", "wrong")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(
        err.contains("Invalid signature.") && !err.contains("wrong"),
        "{err}"
    );
    // Still pending when --wait gives up.
    let out = e
        .cmd()
        .args([
            "coupons",
            "create",
            "--contract-id",
            "15",
            "--name",
            "slow",
            "--type",
            "PRICE",
            "--discount",
            "1000",
            "--max-discount-price",
            "1000",
            "--start",
            "2026-11-22 00:00:00",
            "--end",
            "2026-12-22 00:00:00",
            "--wait",
            "--wait-timeout-secs",
            "1",
        ])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(4),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn every_command_has_help() {
    let e = env();
    for path in [
        vec![],
        vec!["serve"],
        vec!["contracts"],
        vec!["contracts", "list"],
        vec!["contracts", "get"],
        vec!["budgets"],
        vec!["coupons"],
        vec!["coupons", "create"],
        vec!["coupons", "get"],
        vec!["coupons", "list"],
        vec!["coupons", "expire"],
        vec!["coupons", "by-order"],
        vec!["items"],
        vec!["items", "add"],
        vec!["items", "remove"],
        vec!["items", "get"],
        vec!["items", "list"],
        vec!["requests", "get"],
        vec!["download-coupons"],
        vec!["download-coupons", "create"],
        vec!["download-coupons", "get"],
        vec!["download-coupons", "add-items"],
        vec!["download-coupons", "expire"],
        vec!["download-coupons", "status"],
        vec!["sign"],
        vec!["config", "show"],
    ] {
        let out = e.cmd().args(&path).arg("--help").output().unwrap();
        assert!(out.status.success(), "{path:?}");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("Usage: wing-coupons"),
            "{path:?}"
        );
    }
}
