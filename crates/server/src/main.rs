//! `assistant-server`: serves the built app, the relay and the simulator on loopback.
//! Started by `cargo xtask serve`; see `--help`.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

use server::{Config, Mode, Relay, Simulator};

const HELP: &str = "assistant-server [--dist DIR] [--port N] [--host ADDR] [--scenario NAME|FILE] [--local] [--relay-to URL]

  --dist DIR            the built app to serve (default: dist)
  --port N              port to listen on (default: 8080)
  --host ADDR           address to listen on (default: 127.0.0.1)
  --scenario NAME|FILE  the Calendly simulator's scenario under /sandbox/ (default: solo)
  --local               started for local use (cargo xtask serve): the page may also call
                        test servers on this machine (?api=); without it, its
                        Content-Security-Policy allows only this site and Calendly
  --relay-to URL        relay to a test server on this machine (http://127.0.0.1:PORT/...)
                        instead of Calendly, e.g. this server's own /sandbox (load tests)";

fn main() {
    let mut dist = PathBuf::from("dist");
    let mut port: u16 = 8080;
    let mut host: IpAddr = [127, 0, 0, 1].into();
    let mut scenario = String::from("solo");
    let mut mode = Mode::Hosted;
    let mut relay = Relay::calendly();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .unwrap_or_else(|| fail(&format!("{name} needs a value")))
        };
        match arg.as_str() {
            "--dist" => dist = value("--dist").into(),
            "--port" => {
                port = value("--port")
                    .parse()
                    .unwrap_or_else(|_| fail("--port takes a number from 0 to 65535"))
            }
            "--host" => {
                host = value("--host")
                    .parse()
                    .unwrap_or_else(|_| fail("--host takes an IP address"))
            }
            "--scenario" => scenario = value("--scenario"),
            "--local" => mode = Mode::Local,
            "--relay-to" => {
                let url = value("--relay-to");
                let base = calendly::loopback::base(&url).unwrap_or_else(|| {
                    fail(
                        "--relay-to takes a test server on this machine: http://127.0.0.1:PORT/...",
                    )
                });
                relay = Relay::to_upstream(&base);
            }
            "-h" | "--help" => {
                println!("{HELP}");
                return;
            }
            other => fail(&format!("unknown argument {other:?}")),
        }
    }
    if !dist.join("index.html").is_file() {
        fail(&format!(
            "{} has no index.html: build the app first (cargo xtask serve does)",
            dist.display()
        ));
    }
    let simulator = Simulator::from_scenario(&scenario).unwrap_or_else(|e| fail(&e));
    let config = Config {
        dist: Some(dist),
        simulator: Some(simulator),
        relay: Some(relay),
        mode,
        ..Config::default()
    };
    let runtime = tokio::runtime::Runtime::new().expect("the Tokio runtime starts");
    runtime.block_on(async {
        let running = server::spawn(SocketAddr::new(host, port), config)
            .await
            .unwrap_or_else(|e| fail(&format!("cannot listen on {host}:{port}: {e}")));
        println!("The assistant is running at {}/", running.url());
        println!("Practice mode needs no account. Press Ctrl+C to stop.");
        let _ = tokio::signal::ctrl_c().await;
    });
}

fn fail(message: &str) -> ! {
    eprintln!("assistant-server: {message}");
    std::process::exit(2);
}
