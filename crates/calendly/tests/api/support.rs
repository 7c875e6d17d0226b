//! A transport that answers from a script and records what it was sent, so tests can
//! compare requests byte for byte. Its `sleep` only records the wait.

#![allow(dead_code)]

use std::cell::RefCell;
use std::collections::VecDeque;
use std::future::Future;
use std::pin::pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use calendly::{AccessToken, Client, Request, Response, Transport, TransportError};

pub const TOKEN: &str = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJl";
pub const ORG: &str = "https://api.calendly.com/organizations/BBBBBBBBBBBBBBBB";
pub const ME: &str = "https://api.calendly.com/users/AAAAAAAAAAAAAAAA";
pub const ORG_Q: &str = "https%3A%2F%2Fapi.calendly.com%2Forganizations%2FBBBBBBBBBBBBBBBB";
pub const ME_Q: &str = "https%3A%2F%2Fapi.calendly.com%2Fusers%2FAAAAAAAAAAAAAAAA";

#[derive(Clone, Default)]
pub struct Script {
    answers: Rc<RefCell<VecDeque<Result<Response, TransportError>>>>,
    pub sent: Rc<RefCell<Vec<Request>>>,
    pub slept: Rc<RefCell<Vec<Duration>>>,
}

impl Script {
    pub fn answer(self, status: u16, body: &str) -> Script {
        self.answer_with(status, &[], body)
    }

    pub fn answer_with(self, status: u16, headers: &[(&str, &str)], body: &str) -> Script {
        let headers = headers
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect();
        self.answers.borrow_mut().push_back(Ok(Response {
            status,
            headers,
            body: body.to_owned(),
        }));
        self
    }

    pub fn fail(self, error: TransportError) -> Script {
        self.answers.borrow_mut().push_back(Err(error));
        self
    }

    pub fn client(&self) -> Client<Script> {
        Client::new(AccessToken::parse(TOKEN).unwrap(), self.clone())
    }

    pub fn sent(&self) -> Vec<Request> {
        self.sent.borrow().clone()
    }

    pub fn urls(&self) -> Vec<String> {
        self.sent.borrow().iter().map(|r| r.url.clone()).collect()
    }
}

impl Transport for Script {
    fn send(&self, request: Request) -> impl Future<Output = Result<Response, TransportError>> {
        self.sent.borrow_mut().push(request);
        let answer = self
            .answers
            .borrow_mut()
            .pop_front()
            .expect("the script has no more answers");
        async move { answer }
    }

    fn sleep(&self, duration: Duration) -> impl Future<Output = ()> {
        self.slept.borrow_mut().push(duration);
        async {}
    }
}

/// Runs a future whose transport never waits.
pub fn run<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(output) => output,
        Poll::Pending => panic!("the scripted transport never waits"),
    }
}

pub fn subscription_json(id: &str) -> String {
    format!(
        r#"{{"uri":"https://api.calendly.com/webhook_subscriptions/{id}","callback_url":"https://example.com/{id}",
        "created_at":"2026-11-20T10:00:00.000000Z","updated_at":"2026-11-20T10:00:00.000000Z","retry_started_at":null,
        "state":"active","events":["invitee.created"],"scope":"organization","organization":"{ORG}","user":null,
        "group":null,"creator":"{ME}"}}"#
    )
}

pub fn page_json(ids: &[&str], next_token: Option<&str>) -> String {
    let items: Vec<String> = ids.iter().map(|id| subscription_json(id)).collect();
    let token = next_token.map_or("null".to_owned(), |t| format!("\"{t}\""));
    let next = next_token.map_or("null".to_owned(), |t| {
        format!("\"https://api.calendly.com/webhook_subscriptions?page_token={t}\"")
    });
    format!(
        r#"{{"collection":[{}],"pagination":{{"count":{},"next_page":{next},"previous_page":null,"next_page_token":{token},"previous_page_token":null}}}}"#,
        items.join(","),
        ids.len()
    )
}

pub const USER_JSON: &str = r#"{"resource":{"uri":"https://api.calendly.com/users/AAAAAAAAAAAAAAAA","name":"Jane Host",
  "slug":"jane-host","email":"jane@example.com","scheduling_url":"https://calendly.com/jane-host","timezone":"America/New_York",
  "time_notation":"12h","avatar_url":null,"created_at":"2019-01-02T03:04:05.678123Z","updated_at":"2019-08-07T06:05:04.321123Z",
  "current_organization":"https://api.calendly.com/organizations/BBBBBBBBBBBBBBBB","resource_type":"User","locale":"en"}}"#;
