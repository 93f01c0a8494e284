use crate::helpers::*;
use insta::assert_json_snapshot;

#[tokio::test]
async fn contract_list_shows_the_free_and_the_budget_contract() {
    let Some(app) = spawn_app().await else { return };
    let r = app.get(&fms(2, "/contract/list")).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.content_type, "application/json;charset=UTF-8");
    assert_json_snapshot!(r.json());
}

#[tokio::test]
async fn one_contract() {
    let Some(app) = spawn_app().await else { return };
    let r = app.get(&fms(2, "/contract?contractId=16")).await;
    assert_eq!(r.status, 200);
    assert_json_snapshot!(r.json());
    // Numbers as strings and unknown parameters are fine.
    let r = app
        .get(&fms(2, "/contract?contractId=15&vendorId=A00012345"))
        .await;
    assert_eq!(r.json()["data"]["content"]["type"], "NON_CONTRACT_BASED");

    let r = app.get(&fms(2, "/contract?contractId=999")).await;
    assert_eq!(r.status, 400);
    assert_json_snapshot!("unknown_contract", r.json());
    let r = app.get(&fms(2, "/contract")).await;
    assert_eq!(
        r.json()["errorMessage"],
        "Required Long parameter 'contractId' is not present"
    );
    let r = app.get(&fms(2, "/contract?contractId=abc")).await;
    assert_eq!(
        r.json()["errorMessage"],
        "Failed to convert value of type 'java.lang.String' to required type 'java.lang.Long'; nested exception is java.lang.NumberFormatException: For input string: \"abc\""
    );
}

#[tokio::test]
async fn budgets_by_month_and_contract() {
    let Some(app) = spawn_app().await else { return };
    // Test time is November 2026; both contracts run then.
    let r = app.get(&fms(1, "/budgets")).await;
    assert_eq!(r.status, 200);
    assert_json_snapshot!(r.json());
    assert!(r.text.contains("\"usedBudgetAmount\":0.00"), "{}", r.text);
    assert!(r.text.contains("\"vendorShareRatio\":100.0"), "{}", r.text);

    let r = app
        .get(&fms(1, "/budgets?contractId=-1&targetMonth=2026-11"))
        .await;
    let rows = r.json()["data"]["content"].as_array().unwrap().clone();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["contractId"], FREE_CONTRACT);

    // The budget contract ends in 2030.
    let r = app.get(&fms(1, "/budgets?targetMonth=2031-01")).await;
    let ids: Vec<_> = r.json()["data"]["content"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["contractId"].clone())
        .collect();
    assert_eq!(ids, vec![serde_json::json!(FREE_CONTRACT)]);

    let r = app.get(&fms(1, "/budgets?targetMonth=2026-13")).await;
    assert_eq!(
        (
            r.status.as_u16(),
            r.json()["errorMessage"].as_str().unwrap()
        ),
        (400, "targetMonth 패턴을 확인하세요. yyyy-MM")
    );
}
