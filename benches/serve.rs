//! A bounded load run of `hvadvisor serve` on the loopback address (issue 14): 5,000 requests
//! over 32 concurrent keep-alive connections, against the server started in this process with
//! the built-in base. Prints requests per second, latency percentiles and errors; run with
//! `cargo bench --bench serve` (figures in the README).
//!
//! The mix is what a team session looks like: the questionnaire page (60 %), result pages for
//! eight different answer sets, so the first of each is computed and the rest come from the
//! server's cache of deterministic pages (30 %), and the style sheet (10 %). The first request
//! of each answer set, computed in full, is timed separately.

use std::time::{Duration, Instant};

const REQUESTS: usize = 5_000;
const CONNECTIONS: usize = 32;

fn main() {
    let kb = hvadvisor::knowledge::load_files(&hvadvisor::builtin::knowledge())
        .0
        .expect("built-in base");
    let app = hvadvisor::web::App::new(kb, hvadvisor::report::Templates::builtin())
        .expect("built-in questionnaire");
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).unwrap();
                hvadvisor::web::server::serve(app, listener, std::future::pending())
                    .await
                    .unwrap();
            });
    });
    let answers: Vec<String> = (0..8)
        .map(|i| {
            format!(
                "/result?lang={}&hosts={}&ha={}",
                ["en", "fr"][i % 2],
                2 + i,
                ["required", "useful"][i / 4]
            )
        })
        .collect();
    let agent = || -> ureq::Agent {
        ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into()
    };
    // Each answer set once, computed in full (cold).
    let mut cold = Vec::new();
    let a = agent();
    for path in &answers {
        let t = Instant::now();
        let status = a
            .get(&format!("http://{addr}{path}"))
            .call()
            .map(|r| r.status().as_u16())
            .unwrap_or(0);
        cold.push(t.elapsed());
        assert_eq!(status, 200, "{path}");
    }
    let targets: Vec<String> = (0..REQUESTS)
        .map(|i| match i % 10 {
            0..=5 => "/?lang=fr".to_owned(),
            6..=8 => answers[i % answers.len()].clone(),
            _ => "/static/style.css".to_owned(),
        })
        .collect();
    let start = Instant::now();
    let results: Vec<(Duration, bool)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..CONNECTIONS)
            .map(|c| {
                let mine: Vec<&String> = targets.iter().skip(c).step_by(CONNECTIONS).collect();
                s.spawn(move || {
                    let a = agent();
                    mine.into_iter()
                        .map(|path| {
                            let t = Instant::now();
                            let ok = a
                                .get(&format!("http://{addr}{path}"))
                                .call()
                                .ok()
                                .and_then(|mut r| {
                                    let ok = r.status().as_u16() == 200;
                                    r.body_mut().read_to_vec().ok().map(|_| ok)
                                })
                                .unwrap_or(false);
                            (t.elapsed(), ok)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    let wall = start.elapsed();
    let mut latencies: Vec<Duration> = results.iter().map(|(d, _)| *d).collect();
    latencies.sort();
    let pct = |p: f64| latencies[((latencies.len() as f64 * p) as usize).min(latencies.len() - 1)];
    let errors = results.iter().filter(|(_, ok)| !ok).count();
    cold.sort();
    println!("serve/load: {REQUESTS} requests, {CONNECTIONS} connections, loopback");
    println!(
        "  {:.0} requests/s, p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms, errors {errors}",
        REQUESTS as f64 / wall.as_secs_f64(),
        pct(0.50).as_secs_f64() * 1e3,
        pct(0.99).as_secs_f64() * 1e3,
        latencies.last().unwrap().as_secs_f64() * 1e3,
    );
    println!(
        "  result page computed in full (8 answer sets): median {:.1} ms, max {:.1} ms",
        cold[cold.len() / 2].as_secs_f64() * 1e3,
        cold.last().unwrap().as_secs_f64() * 1e3,
    );
    assert_eq!(errors, 0, "requests failed");
}
