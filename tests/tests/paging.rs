//! List endpoints walk every page: the page number goes up one per request, the stream stops
//! once the items seen reach the documented total (or on an empty page), and items come out in
//! order.

mod common;

use authing_sdk::management::ListWidgetsRequest;
use authing_sdk::paging::TryStreamExt as _;
use common::*;
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer};

/// Serves page `page` of a list of `total` widgets, `per_page` a page, expecting one request.
async fn mount_page(server: &MockServer, page: u32, ids: &[&str], total: u32) {
    let list: Vec<Value> = ids.iter().map(|id| json!({"widgetId": id, "name": id, "kind": "CHART"})).collect();
    Mock::given(method("GET"))
        .and(path("/api/v3/list-widgets"))
        .and(query_param("page", page.to_string()))
        .and(query_param("limit", "2"))
        .respond_with(ok(json!({"totalCount": total, "list": list})))
        .expect(1)
        .named(format!("page {page}"))
        .mount(server)
        .await;
}

async fn server() -> MockServer {
    let server = MockServer::start().await;
    mount_token(&server, &jwt(1), 7200, 1, std::time::Duration::ZERO).await;
    server
}

#[tokio::test]
async fn items_walk_three_pages_and_stop_on_the_total() {
    let server = server().await;
    mount_page(&server, 1, &["a", "b"], 5).await;
    mount_page(&server, 2, &["c", "d"], 5).await;
    mount_page(&server, 3, &["e"], 5).await;
    // A fourth page would be a request too many: the mocks' `expect(1)` and this catch-all.
    Mock::given(method("GET"))
        .and(path("/api/v3/list-widgets"))
        .and(query_param("page", "4"))
        .respond_with(ok(json!({"totalCount": 5, "list": []})))
        .expect(0)
        .mount(&server)
        .await;
    let client = management(&server);
    let items: Vec<_> =
        client.list_widgets_items(ListWidgetsRequest::new().with_limit(2.0)).try_collect().await.unwrap();
    let ids: Vec<&str> = items.iter().map(|w| w.widget_id.as_str()).collect();
    assert_eq!(ids, ["a", "b", "c", "d", "e"]);
    server.verify().await;
}

#[tokio::test]
async fn pages_stop_on_an_empty_page_and_start_where_the_request_says() {
    let server = server().await;
    // The total says more, but page 3 is empty: the walk ends there, without yielding it.
    mount_page(&server, 2, &["c", "d"], 50).await;
    mount_page(&server, 3, &[], 50).await;
    let client = management(&server);
    let pages: Vec<_> = client
        .list_widgets_pages(ListWidgetsRequest::new().with_limit(2.0).with_page(2.0))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 1);
    assert_eq!(pages[0].list.len(), 2);
    server.verify().await;
}

#[tokio::test]
async fn an_error_ends_the_walk_after_yielding_it() {
    let server = server().await;
    mount_page(&server, 1, &["a", "b"], 5).await;
    Mock::given(method("GET"))
        .and(path("/api/v3/list-widgets"))
        .and(query_param("page", "2"))
        .respond_with(
            wiremock::ResponseTemplate::new(200)
                .set_body_json(json!({"statusCode": 500, "message": "boom", "apiCode": 1, "requestId": "r"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let client = management(&server);
    let mut pages = std::pin::pin!(client.list_widgets_pages(ListWidgetsRequest::new().with_limit(2.0)));
    assert!(pages.try_next().await.unwrap().is_some());
    assert!(pages.try_next().await.is_err());
    assert!(pages.try_next().await.unwrap().is_none());
    server.verify().await;
}
