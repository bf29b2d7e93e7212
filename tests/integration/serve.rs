//! `hvadvisor serve` over HTTP (issue 14): every route, validation next to the field, the
//! security headers, limits, the same memo as `ask --answers`, and a real browser.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

/// A server on a free loopback port, stopped when dropped.
pub struct Server {
    child: Child,
    pub addr: String,
}

impl Server {
    pub fn start() -> Server {
        let mut child = crate::support::hvadvisor()
            .args(["serve", "--addr", "127.0.0.1:0"])
            .stderr(Stdio::piped())
            .spawn()
            .expect("binary runs");
        let mut line = String::new();
        BufReader::new(child.stderr.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        // "hvadvisor serves the questionnaire at http://127.0.0.1:PORT/ (Ctrl-C to stop)."
        let addr = line
            .split("http://")
            .nth(1)
            .and_then(|r| r.split('/').next())
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_owned();
        Server { child, addr }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One raw HTTP/1.1 exchange: status, headers (lower-case names), body.
fn raw(server: &Server, request: &str) -> (u16, Vec<(String, String)>, Vec<u8>) {
    let mut s = TcpStream::connect(&server.addr).unwrap();
    s.write_all(request.as_bytes()).unwrap();
    let mut bytes = Vec::new();
    s.read_to_end(&mut bytes).unwrap();
    let split = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("headers end");
    let head = String::from_utf8_lossy(&bytes[..split]).into_owned();
    let body = bytes[split + 4..].to_vec();
    let mut lines = head.lines();
    let status = lines.next().unwrap()[9..12].parse().unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(": "))
        .map(|(k, v)| (k.to_ascii_lowercase(), v.to_owned()))
        .collect();
    (status, headers, body)
}

fn get(server: &Server, target: &str) -> (u16, Vec<(String, String)>, String) {
    let (status, headers, body) = raw(
        server,
        &format!("GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"),
    );
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

/// The answers part of a scenario as a query string, and as an answers file.
fn scenario(name: &str) -> (String, String) {
    let text = std::fs::read_to_string(format!("tests/scenarios/{name}")).unwrap();
    let answers = text
        .split_once("\nanswers:\n")
        .unwrap()
        .1
        .lines()
        .map(|l| l.strip_prefix("  ").unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n");
    let map: serde_json::Map<String, serde_json::Value> = serde_saphyr::from_str(&answers).unwrap();
    let mut q = form_urlencoded::Serializer::new(String::new());
    for (k, v) in &map {
        match v {
            serde_json::Value::Array(items) => {
                q.append_pair(k, "");
                for i in items {
                    q.append_pair(k, i.as_str().unwrap());
                }
            }
            serde_json::Value::String(s) => {
                q.append_pair(k, s);
            }
            other => {
                q.append_pair(k, &other.to_string());
            }
        }
    }
    (q.finish(), answers)
}

#[test]
fn every_route_with_its_headers() {
    let server = Server::start();
    for (target, status, kind) in [
        ("/", 200, "text/html"),
        ("/?lang=fr", 200, "text/html"),
        ("/result?hosts=3", 200, "text/html"),
        ("/memo.md?hosts=3", 200, "text/markdown"),
        ("/memo.html?hosts=3", 200, "text/html"),
        ("/memo.json?hosts=3", 200, "application/json"),
        (
            "/memo.docx?hosts=3",
            200,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("/report?hosts=3&lang=fr", 200, "text/html"),
        ("/synthese?hv=proxmox-ve,xcp-ng", 200, "text/html"),
        ("/static/style.css", 200, "text/css"),
        ("/static/app.js", 200, "text/javascript"),
        ("/nope", 404, "text/html"),
        ("/../../etc/passwd", 404, "text/html"),
        ("/result?hosts=0", 422, "text/html"),
    ] {
        let (code, headers, body) = get(&server, target);
        assert_eq!(code, status, "{target}: {body}");
        let ct = header(&headers, "content-type").unwrap();
        assert!(ct.starts_with(kind), "{target}: {ct}");
        for (name, value) in [
            ("x-content-type-options", "nosniff"),
            ("referrer-policy", "no-referrer"),
            ("x-frame-options", "DENY"),
            ("cross-origin-opener-policy", "same-origin"),
        ] {
            assert_eq!(header(&headers, name), Some(value), "{target}: {name}");
        }
        let csp = header(&headers, "content-security-policy").unwrap();
        assert!(csp.starts_with("default-src 'none'"), "{target}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{target}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{target}: {csp}");
        if target.starts_with("/memo.") {
            let d = header(&headers, "content-disposition").unwrap();
            assert!(d.starts_with("attachment; filename=\"memo."), "{d}");
        }
    }
    // A standalone page's inline style sheet is allowed by its hash, and by nothing else.
    let (_, headers, body) = get(&server, "/report?hosts=3");
    let csp = header(&headers, "content-security-policy").unwrap();
    let style = body
        .split_once("<style>")
        .unwrap()
        .1
        .split_once("</style>")
        .unwrap()
        .0;
    use base64::Engine;
    use sha2::Digest;
    let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(style));
    assert!(
        csp.contains(&format!("style-src 'sha256-{hash}';")),
        "{csp}"
    );
    assert!(
        !body.contains("<script"),
        "a standalone page runs no script"
    );
}

#[test]
fn methods_sizes_and_hostile_queries() {
    let server = Server::start();
    let (code, headers, _) = raw(
        &server,
        "POST /result HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc",
    );
    assert_eq!(code, 405);
    assert_eq!(header(&headers, "allow"), Some("GET, HEAD"));
    // Refused before any page is made, and still said in the reader's language.
    let (code, _, body) = raw(
        &server,
        "DELETE /?lang=fr HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(code, 405);
    let body = String::from_utf8(body).unwrap();
    assert!(body.contains("ne répond qu"), "{body}");
    let long = format!("/result?lang=fr&hosts={}", "9".repeat(9000));
    let (code, _, body) = get(&server, &long);
    assert_eq!(code, 414);
    assert!(body.contains("L&#x27;adresse est trop longue"), "{body}");
    let (code, headers, body) = raw(
        &server,
        "HEAD /?lang=fr HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(code, 200);
    assert!(body.is_empty());
    assert!(
        header(&headers, "content-length")
            .unwrap()
            .parse::<usize>()
            .unwrap()
            > 1000
    );
    let long = format!("/result?hosts={}", "9".repeat(9000));
    assert_eq!(get(&server, &long).0, 414);
    let many: String = (0..300).map(|i| format!("x{i}=1&")).collect();
    assert_eq!(get(&server, &format!("/result?{many}")).0, 400);
    // Markup in an answer is shown as text, in the page and in the message.
    let (code, _, body) = get(
        &server,
        "/result?ha=%3Cscript%3Ealert(1)%3C/script%3E&hosts=%22%3E%3Cimg",
    );
    assert_eq!(code, 422);
    assert!(!body.contains("<script>alert"), "{body}");
    assert!(
        body.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"),
        "{body}"
    );
    assert!(!body.contains("\"><img"));
    // Bad percent-encoding and odd bytes end in a page, and the server goes on.
    for target in [
        "/result?%ff%fe=%c3",
        "/result?=&&=",
        "/?lang=xx",
        "/result?hv=",
    ] {
        let code = get(&server, target).0;
        assert!(code == 200 || code == 422, "{target}: {code}");
    }
    assert_eq!(get(&server, "/").0, 200, "the server survived");
}

/// Answers are checked with the rules and sentences of answers files, each message next to
/// its field, in the page's language.
#[test]
fn validation_messages_next_to_their_fields() {
    let server = Server::start();
    let (code, _, body) = get(
        &server,
        "/result?lang=fr&hosts=0&ha=maybe&hv=proxmox&colour=blue",
    );
    assert_eq!(code, 422);
    assert!(body.contains("<fieldset id=\"q-hosts\" class=\"question invalid\""));
    assert!(body.contains(
        "<p class=\"error\" id=\"err-hosts\">0 est hors limites pour la question «\u{202f}hosts\u{202f}»"
    ), "{body}");
    assert!(body.contains(
        "<p class=\"error\" id=\"err-ha\">«\u{202f}maybe\u{202f}» n&#x27;est pas une réponse"
    ));
    assert!(body.contains("vouliez-vous dire «\u{202f}proxmox-ve\u{202f}»"));
    assert!(body.contains("le questionnaire n&#x27;a pas de question «\u{202f}colour\u{202f}»"));
    // The answers given stay in the form.
    assert!(body.contains("name=\"hosts\" value=\"0\""));
}

/// The web memo is the memo of `hvadvisor ask --answers` for the same answers, byte for byte,
/// for the defaults and three contrasting situations; the result page shows it.
#[test]
fn same_memo_as_ask_for_the_same_answers() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let mut cases = vec![("defaults".to_owned(), String::new(), String::new())];
    for name in [
        "01-sme-windows-shop.yaml",
        "02-homelab-single-box.yaml",
        "04-critical-round-the-clock.yaml",
    ] {
        let (query, file) = scenario(name);
        cases.push((name.to_owned(), query, file));
    }
    for (name, query, file) in cases {
        for lang in ["en", "fr"] {
            let path = dir.path().join("answers.yaml");
            std::fs::write(&path, &file).unwrap();
            let o = crate::support::hvadvisor()
                .args(["--lang", lang, "ask", "--answers", path.to_str().unwrap()])
                .output()
                .unwrap();
            assert_eq!(o.status.code(), Some(0), "{name}");
            let cli = String::from_utf8(o.stdout).unwrap();
            let (code, _, web) = get(&server, &format!("/memo.md?lang={lang}&{query}"));
            assert_eq!(code, 200, "{name}: {web}");
            assert_eq!(web, cli, "{name} ({lang}): the web memo differs from ask's");
            // The result page carries the same recommendation.
            let (_, _, page) = get(&server, &format!("/result?lang={lang}&{query}"));
            // Page one's recommendation, the first line in bold.
            let first = cli.lines().find(|l| l.starts_with("**")).unwrap();
            let winner = first.split("**").nth(1).unwrap();
            assert!(page.contains(winner), "{name}: {winner:?} not on the page");
        }
    }
}

/// A permalink gives the same page, byte for byte, and names the hashes it depends on.
#[test]
fn permalink_reproduces_the_page() {
    let server = Server::start();
    let (_, _, page) = get(
        &server,
        "/result?hosts=4&ha=required&lang=fr&budget=limited",
    );
    let link = page
        .split("id=\"permalink\" href=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .replace("&amp;", "&");
    assert!(link.starts_with("/result?lang=fr&"), "{link}");
    let (code, _, again) = get(&server, &link);
    assert_eq!(code, 200);
    assert_eq!(again, page);
    assert!(page.contains("base de connaissances "), "hashes shown");
    // The language switch keeps the answers.
    assert!(
        page.contains("href=\"/result?lang=en&amp;hosts=4"),
        "{page}"
    );
}

/// The questionnaire in a real browser (Chromium through ChromeDriver, both from Debian,
/// installed by `.ci/run`): filled in in French, submitted, the recommendation read and
/// compared with `ask`, the permalink followed to the same page, and a screenshot saved to
/// `target/screenshots/`. Without ChromeDriver the test fails, unless HVADVISOR_NO_BROWSER=1
/// says to skip it on purpose.
#[test]
fn questionnaire_in_a_real_browser() {
    let driver = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
    if !std::path::Path::new(&driver).exists() {
        if std::env::var("HVADVISOR_NO_BROWSER").as_deref() == Ok("1") {
            eprintln!("skipped: HVADVISOR_NO_BROWSER=1 and no {driver}");
            return;
        }
        panic!(
            "{driver} is missing: install chromium and chromium-driver (see .ci/run), or set HVADVISOR_NO_BROWSER=1"
        );
    }
    let server = Server::start();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut chromedriver = Command::new(&driver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let profile = tempfile::tempdir().unwrap();
    let result = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(drive(&server, port, profile.path()));
    let _ = chromedriver.kill();
    let _ = chromedriver.wait();
    let (recommendation, expected) = result.unwrap();
    assert!(
        recommendation.contains(&expected),
        "the browser shows {recommendation:?}, ask recommends {expected:?}"
    );
}

async fn drive(
    server: &Server,
    port: u16,
    profile: &std::path::Path,
) -> Result<(String, String), fantoccini::error::CmdError> {
    use fantoccini::{ClientBuilder, Locator};
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1100,1500",
                format!("--user-data-dir={}", profile.display()),
            ],
        }),
    );
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    let webdriver = format!("http://127.0.0.1:{port}");
    let mut client = None;
    for _ in 0..100 {
        match ClientBuilder::new(connector.clone())
            .capabilities(caps.clone())
            .connect(&webdriver)
            .await
        {
            Ok(c) => {
                client = Some(c);
                break;
            }
            Err(_) => tokio::time::sleep(std::time::Duration::from_millis(100)).await,
        }
    }
    let c = client.expect("ChromeDriver answers");
    c.goto(&server.url("/?lang=fr")).await?;
    let h1 = c.find(Locator::Css("h1")).await?.text().await?;
    assert_eq!(h1, "Profil issu du questionnaire");
    // The script hides a question that is not asked, and shows it again.
    c.find(Locator::Css("input[name=ha][value=not-needed]"))
        .await?
        .click()
        .await?;
    let ft = c.find(Locator::Id("q-fault-tolerance")).await?;
    assert!(!ft.is_displayed().await?, "not asked without HA");
    c.find(Locator::Css("input[name=ha][value=required]"))
        .await?
        .click()
        .await?;
    assert!(ft.is_displayed().await?, "asked again with HA required");
    let hosts = c.find(Locator::Id("in-hosts")).await?;
    hosts.clear().await?;
    hosts.send_keys("5").await?;
    // No Windows guests, a limited budget.
    c.find(Locator::Css("input[name=windows][value=no]"))
        .await?
        .click()
        .await?;
    c.find(Locator::Css("input[name=budget][value=limited]"))
        .await?
        .click()
        .await?;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("serve-form-fr.png"), c.screenshot().await?).unwrap();
    c.find(Locator::Css("button[type=submit]"))
        .await?
        .click()
        .await?;
    c.wait().for_element(Locator::Id("permalink")).await?;
    assert_eq!(c.current_url().await?.path(), "/result");
    // The recommendation section: from its heading to the next one.
    let memo = c.find(Locator::Id("memo")).await?.text().await?;
    let recommendation = memo
        .split_once("Recommandation")
        .and_then(|(_, rest)| rest.split_once("Ce que cela coûte"))
        .map(|(section, _)| section.replace(['\u{a0}', '\u{202f}'], " "))
        .unwrap_or_default();
    let page = c.source().await?;
    let shot = c.screenshot().await?;
    std::fs::write(dir.join("serve-result-fr.png"), &shot).unwrap();
    assert!(shot.starts_with(b"\x89PNG"));
    // The permalink gives the same page.
    let link = c
        .find(Locator::Id("permalink"))
        .await?
        .attr("href")
        .await?
        .unwrap();
    c.goto(&link).await?;
    assert_eq!(c.source().await?, page, "the permalink reproduces the page");
    c.close().await?;
    // What ask recommends for the same answers.
    let answers = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(
        answers.path(),
        "hosts: 5\nha: required\nwindows: \"no\"\nbudget: limited\n",
    )
    .unwrap();
    let o = crate::support::hvadvisor()
        .args([
            "--lang",
            "fr",
            "ask",
            "--answers",
            answers.path().to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let memo = String::from_utf8(o.stdout).unwrap();
    let winner = memo.split("**").nth(1).unwrap_or_default();
    Ok((recommendation, winner.replace(['\u{a0}', '\u{202f}'], " ")))
}
