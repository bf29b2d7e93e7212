//! Editions and the total cost of ownership: what each alternative costs the profile's fleet.

use crate::support::{builtin_kb, fixture_kb, profile};
use hvadvisor::criteria::{Fleet, Owned};
use hvadvisor::engine::cost::{LineKind, price_all};
use hvadvisor::engine::{Unfit, evaluate};
use hvadvisor::knowledge::{Support, SupportHours};

fn approx(a: f64, b: f64) -> bool {
    (a - b).abs() < 0.01
}

#[test]
fn a_paid_feature_is_priced_once_in_the_edition_that_provides_it() {
    let kb = fixture_kb();
    let mut p = profile(&kb, "child");
    // Give cost a weight again so the edition's price counts in the score.
    p.criteria[0].weight = 1.0;
    let eval = evaluate(&kb, &p);
    let beta = eval.ranking.iter().find(|r| r.id == "beta").unwrap();
    assert_eq!(beta.edition.id, "enterprise");
    let cost = beta.edition.cost.as_ref().unwrap();
    // 2 hosts × 1 CPU counted at its 16-core minimum × 50 USD for 1 year, at 1.25 USD per EUR.
    assert_eq!(cost.lines.len(), 1, "{:?}", cost.lines);
    assert_eq!(cost.lines[0].kind, LineKind::Edition);
    assert_eq!(cost.lines[0].units, 32);
    assert!(approx(cost.total.unwrap(), 1280.0), "{cost:?}");
    assert_eq!(beta.criteria[0].tco, cost.total);
    // The features the edition brings count as present; none adds a price of its own.
    let ha = &beta.criteria[1].reasons[0];
    assert_eq!((ha.support, ha.effective), (Support::Paid, Support::Native));
    assert!(ha.in_edition);
    // The reported price is uncertain: all of it is in the part robustness varies.
    assert!(approx(cost.uncertain, 1280.0));
    assert!(approx(cost.low.unwrap(), 1024.0) && approx(cost.high.unwrap(), 1536.0));
}

#[test]
fn no_edition_within_the_constraints_eliminates_with_each_reason() {
    let kb = fixture_kb();
    let mut p = profile(&kb, "small");
    p.fleet.as_mut().unwrap().support = SupportHours::AroundTheClock;
    let eval = evaluate(&kb, &p);
    // Alpha sells business-hours support at most (and its paid edition is out of a zero budget);
    // Beta's 24×7 edition costs money and the budget is none. Each elimination names every
    // constraint that ruled out an edition, and each edition says which it failed.
    let kinds = |id: &str| -> Vec<&str> {
        let e = eval.eliminated.iter().find(|e| e.id == id).unwrap();
        e.reasons.iter().map(|r| r.kind).collect()
    };
    assert_eq!(kinds("alpha"), ["support", "budget"]);
    assert_eq!(kinds("beta"), ["support", "budget"]);
    let beta = eval.eliminated.iter().find(|e| e.id == "beta").unwrap();
    assert_eq!(beta.editions[0].unfit, [Unfit::Support]);
    assert_eq!(beta.editions[1].unfit, [Unfit::Budget]);
}

#[test]
fn a_budget_ceiling_eliminates_what_costs_more() {
    let kb = fixture_kb();
    let mut p = profile(&kb, "child");
    p.requirements.clear();
    let fleet = p.fleet.as_mut().unwrap();
    fleet.support = SupportHours::BusinessHours;
    fleet.budget_ceiling = Some(1000.0);
    let eval = evaluate(&kb, &p);
    // Alpha Standard: 2 sockets × 100 EUR = 200 EUR; Beta Enterprise: 1,280 EUR > 1,000.
    let alpha = eval.ranking.iter().find(|r| r.id == "alpha").unwrap();
    assert_eq!(alpha.edition.id, "standard");
    // Beta: its free edition has no support, its Enterprise edition costs 1,280 EUR.
    let beta = eval.eliminated.iter().find(|e| e.id == "beta").unwrap();
    let kinds: Vec<&str> = beta.reasons.iter().map(|r| r.kind).collect();
    assert_eq!(kinds, ["support", "ceiling"]);
    assert_eq!(beta.editions[1].unfit, [Unfit::Ceiling]);
}

fn sme_fleet(owned: Vec<Owned>) -> Fleet {
    Fleet {
        hosts: 3,
        sockets_per_host: 1,
        cores_per_socket: 16,
        years: 5,
        support: SupportHours::None,
        vms: 20,
        windows_vms: 8,
        largest_cluster: None,
        currency: "USD".into(),
        budget_ceiling: None,
        owned,
    }
}

/// Total of one edition's lines of one kind, in the fleet's currency.
fn lines_total(
    kb: &hvadvisor::knowledge::KnowledgeBase,
    fleet: &Fleet,
    hv: &str,
    ed: &str,
    kind: LineKind,
) -> f64 {
    let costs = price_all(kb, fleet);
    let i = kb.hypervisors.iter().position(|h| h.id == hv).unwrap();
    let e = kb.hypervisors[i].tier(ed).unwrap();
    costs[i][e]
        .lines
        .iter()
        .filter(|l| l.kind == kind)
        .map(|l| l.total.unwrap())
        .sum()
}

#[test]
fn windows_guest_licences_apply_to_every_hypervisor_and_hyper_v_adds_nothing_to_them() {
    let kb = builtin_kb();
    let fleet = sme_fleet(Vec::new());
    // 8 Windows guests on 3 hosts: 4 per host once one host is down, so two stacked Standard
    // licences of 16 cores per host: 3 × 2 × 1,176 USD (cheaper than Datacenter's 3 × 6,771).
    let guests = lines_total(
        &kb,
        &fleet,
        "proxmox-ve",
        "no-subscription",
        LineKind::WindowsGuests,
    );
    assert!(approx(guests, 7056.0), "{guests}");
    let xcp = lines_total(&kb, &fleet, "xcp-ng", "community", LineKind::WindowsGuests);
    assert!(approx(xcp, guests));
    // On Hyper-V the same Standard licences are the host licences: no separate guest line.
    let hyperv = lines_total(&kb, &fleet, "hyper-v", "standard", LineKind::Edition);
    assert!(approx(hyperv, guests), "{hyperv}");
    assert_eq!(
        lines_total(&kb, &fleet, "hyper-v", "standard", LineKind::WindowsGuests),
        0.0
    );
}

#[test]
fn owning_datacenter_removes_hyper_v_licences_but_not_other_platforms_own_cost() {
    let kb = builtin_kb();
    let owned = vec![Owned {
        hypervisor: "hyper-v".into(),
        edition: "datacenter".into(),
        years: None,
        at: Default::default(),
    }];
    let fleet = sme_fleet(owned);
    assert_eq!(
        lines_total(&kb, &fleet, "hyper-v", "datacenter", LineKind::Edition),
        0.0
    );
    // Windows Server licences are assigned to the hardware, whatever the hypervisor: the owned
    // Datacenter licences also cover the Windows guests on Proxmox VE…
    assert_eq!(
        lines_total(&kb, &fleet, "proxmox-ve", "basic", LineKind::WindowsGuests),
        0.0
    );
    // …and Proxmox VE's own subscription is still paid: 3 sockets × 5 years.
    let basic = lines_total(&kb, &fleet, "proxmox-ve", "basic", LineKind::Edition);
    assert!(basic > 0.0);
}

#[test]
fn a_subscription_still_running_is_deducted_for_its_years() {
    let kb = builtin_kb();
    let none = sme_fleet(Vec::new());
    let two = sme_fleet(vec![Owned {
        hypervisor: "vmware-esxi".into(),
        edition: "vvf".into(),
        years: Some(2),
        at: Default::default(),
    }]);
    let full = lines_total(&kb, &none, "vmware-esxi", "vvf", LineKind::Edition);
    let rest = lines_total(&kb, &two, "vmware-esxi", "vvf", LineKind::Edition);
    assert!(approx(rest, full * 3.0 / 5.0), "{full} {rest}");
}

fn hvadvisor(args: &[&str]) -> std::process::Output {
    crate::support::hvadvisor().args(args).output().unwrap()
}

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn your_quote_replaces_the_listed_price_and_is_marked_as_yours() {
    let dir = tempfile::tempdir().unwrap();
    let prices = write(
        &dir,
        "quotes.yaml",
        "prices:\n  - hypervisor: proxmox-ve\n    edition: basic\n    note: Reseller quote 2026-117\n    lines:\n      - { unit: socket, amount: 300, currency: EUR, term: subscription, as-of: 2026-11-20 }\n",
    );
    let o = hvadvisor(&[
        "cost",
        "--profile",
        "sme",
        "--format",
        "json",
        "--prices",
        &prices,
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let pve = v["ranking"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "proxmox-ve")
        .unwrap();
    let line = &pve["edition"]["cost"]["lines"][0];
    assert_eq!(line["confidence"], "quote");
    // 3 sockets × 300 EUR × 5 years.
    assert_eq!(line["total"], 4500.0);
    let md = hvadvisor(&["cost", "--profile", "sme", "--prices", &prices]);
    assert!(String::from_utf8(md.stdout).unwrap().contains("your quote"));
}

#[test]
fn a_broken_prices_file_is_reported_with_lines_and_hints() {
    let dir = tempfile::tempdir().unwrap();
    let prices = write(
        &dir,
        "quotes.yaml",
        "prices:\n  - hypervisor: proxmox\n    edition: basic\n    lines: []\n  - hypervisor: vmware-esxi\n    edition: vvvf\n    lines:\n      - { unit: cores, amount: 150, currency: usd, term: subscription }\n",
    );
    let o = hvadvisor(&["cost", "--profile", "sme", "--prices", &prices]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8(o.stderr).unwrap();
    for expected in [
        "quotes.yaml:2:17: error[E025]",
        "did you mean “proxmox-ve”?",
        "quotes.yaml:6:14: error[E041]",
        "did you mean “vvf”?",
        "error[E007]: unknown value “cores”",
        "error[E004]",
        "the required key “as-of” is missing",
    ] {
        assert!(err.contains(expected), "{expected} not in:\n{err}");
    }
}

#[test]
fn answers_describe_the_fleet_and_what_is_owned() {
    let dir = tempfile::tempdir().unwrap();
    let answers = write(
        &dir,
        "answers.yaml",
        "hosts: 4\nsockets: 1\ncores: 12\nyears: 3\nwindows: \"yes\"\nwindows-vms: 6\nowned: [windows-datacenter, vmware-vvf]\nowned-years: 2\nsupport: required\nsupport-hours: 24x7\n",
    );
    let o = hvadvisor(&["cost", "--answers", &answers, "--format", "json"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let f = &v["fleet"];
    assert_eq!(
        (
            f["hosts"].as_u64(),
            f["cores_per_socket"].as_u64(),
            f["years"].as_u64()
        ),
        (Some(4), Some(12), Some(3))
    );
    assert_eq!(f["support"], "24x7");
    assert_eq!(f["owned"][1]["years"], 2);
    // Round-the-clock support is not sold by Proxmox: it is eliminated for that reason.
    let pve = v["eliminated"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "proxmox-ve")
        .unwrap();
    assert_eq!(pve["reasons"][0]["kind"], "support");
    // VMware: one of the three years is left to pay.
    let vmw = v["ranking"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "vmware-esxi")
        .unwrap();
    let edition = &vmw["edition"]["cost"]["lines"][0];
    if vmw["edition"]["id"] == "vvf" {
        assert_eq!(edition["periods"], 1);
    }
    // Owned Datacenter licences cover the Windows guests: no guest line costs anything.
    for r in v["ranking"].as_array().unwrap() {
        for l in r["edition"]["cost"]["lines"].as_array().unwrap() {
            if l["kind"] == "windows-guests" {
                assert_eq!(l["total"], 0.0, "{}", r["id"]);
            }
        }
    }
}

#[test]
fn cost_tables_in_both_languages() {
    for lang in ["en", "fr"] {
        let o = hvadvisor(&["cost", "--profile", "sme", "--lang", lang]);
        assert_eq!(o.status.code(), Some(0));
        let text = String::from_utf8(o.stdout).unwrap();
        insta::assert_snapshot!(format!("cost_sme_{lang}"), redact(&text));
    }
}

/// The base and profile hashes change with every edit of the base: not what these snapshots pin.
fn redact(text: &str) -> String {
    text.lines()
        .map(|l| {
            if l.starts_with("Knowledge base ") || l.starts_with("Base de connaissances ") {
                "[identity line]".to_owned()
            } else {
                l.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_published_cluster_limit_below_the_fleet_eliminates() {
    let kb = builtin_kb();
    let mut p = profile(&kb, "sme");
    p.fleet.as_mut().unwrap().hosts = 40;
    let eval = evaluate(&kb, &p);
    // Nutanix documents 32 nodes per cluster: 40 hosts do not fit. Proxmox VE publishes no
    // limit, which does not eliminate it.
    let ntnx = eval
        .eliminated
        .iter()
        .find(|e| e.id == "nutanix-ahv")
        .unwrap();
    assert_eq!(ntnx.reasons[0].requirement, "cluster-size");
    assert!(eval.ranking.iter().any(|r| r.id == "proxmox-ve"));
    p.fleet.as_mut().unwrap().hosts = 32;
    let eval = evaluate(&kb, &p);
    assert!(eval.ranking.iter().any(|r| r.id == "nutanix-ahv"));
}
