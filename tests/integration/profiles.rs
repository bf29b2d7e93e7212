//! One test per built-in profile, pinning its top choice on the built-in knowledge base. Each
//! says why the winner is right for that use case. A knowledge-base edit that changes a verdict
//! fails here on purpose: the change must be reviewed and this file updated with the new reason.

use crate::support::{builtin_kb, profile};
use hvadvisor::engine::robustness::{SmaaOptions, analyse};
use hvadvisor::engine::verdict::{Verdict, verdict};
use hvadvisor::engine::{Evaluation, evaluate};

fn eval(name: &str) -> Evaluation {
    let kb = builtin_kb();
    evaluate(&kb, &profile(&kb, name))
}

fn top(e: &Evaluation, n: usize) -> Vec<&str> {
    e.ranking.iter().take(n).map(|r| r.id.as_str()).collect()
}

fn margin(e: &Evaluation) -> f64 {
    e.ranking[0].score - e.ranking[1].score
}

/// The verdict under the default robustness sampling (as the report states it).
fn judged(e: &Evaluation) -> Verdict {
    let r = analyse(&e.exact, e.method, &SmaaOptions::default());
    verdict(e, &r.acceptability).expect("a ranking")
}

fn eliminated(e: &Evaluation) -> Vec<&str> {
    e.eliminated.iter().map(|x| x.id.as_str()).collect()
}

#[test]
fn homelab_picks_proxmox_ve() {
    // No budget and one host: only free editions count, VMs and containers side by side, ZFS and
    // snapshots on local disks, a good web UI. Proxmox VE has all of it built in (LXC, ZFS,
    // backups with vzdump) under the AGPL, and wins clearly. OpenNebula is as free but is a
    // cloud manager that needs a front-end; XCP-ng and Incus are within 0.1 of each other for
    // third (XCP-ng: no containers; Incus: no built-in backup server, add-on UI).
    let e = eval("homelab");
    assert_eq!(top(&e, 2), ["proxmox-ve", "opennebula"]);
    assert!(["xcp-ng", "incus"].contains(&e.ranking[2].id.as_str()));
    let v = judged(&e);
    assert!(!v.tie, "{v:?}");
}

#[test]
fn sme_picks_proxmox_ve_on_its_total_cost_with_support() {
    // Three single-socket hosts, business-hours support, 8 Windows guests, five years. Proxmox VE
    // with a Basic subscription (3 sockets × 370 EUR a year, reported price) is the cheapest
    // supported platform with built-in HA and backups. XCP-ng has comparable features but its
    // supported edition is on quote, which this profile's unknown policy counts as no
    // advantage; vSphere Foundation is third on features and costs about four times as much
    // over five years. (OpenNebula's HA leaves fencing to the user's scripts: partial.)
    let e = eval("sme");
    assert_eq!(top(&e, 3), ["proxmox-ve", "xcp-ng", "vmware-esxi"]);
    assert!(!judged(&e).tie);
    let pve = &e.ranking[0];
    assert_eq!(pve.edition.id, "basic");
    let vmware = e.ranking.iter().find(|r| r.id == "vmware-esxi").unwrap();
    assert_eq!(
        vmware.edition.id, "vvf",
        "the cheapest edition with support, not VCF"
    );
    let (p, v) = (
        pve.edition.cost.as_ref().unwrap().total.unwrap(),
        vmware.edition.cost.as_ref().unwrap().total.unwrap(),
    );
    assert!(v > 3.5 * p, "{p} vs {v}");
    assert!(
        !eliminated(&e).contains(&"hyper-v"),
        "Hyper-V runs Windows guests and Microsoft sells support"
    );
}

#[test]
fn education_is_a_tie_between_proxmox_ve_and_opennebula() {
    // No licence budget, a teaching lab of four small hosts. Proxmox VE (every lab topic in one
    // install: KVM, LXC, ZFS, Ceph, backups) and OpenNebula (tenants with quotas and a
    // self-service portal for student groups, a built-in import from vSphere) score the same
    // within the model's resolution: the report calls a tie and lists what tells them apart.
    let e = eval("education");
    let v = judged(&e);
    assert!(v.tie, "{v:?}");
    assert_eq!(v.winners[..2], ["proxmox-ve", "opennebula"]);
}

#[test]
fn datacenter_picks_vsphere_ahead_of_nutanix() {
    // Enterprise budget, sixteen 2 × 32-core hosts, 24×7 support, HA and live migration
    // required. The support need eliminates the platforms whose vendor sells no round-the-clock
    // support (Proxmox VE and Vates sell business-hours tickets at most, as far as their
    // published terms say; SUSE and XenServer publish no hours); the HA requirement eliminates
    // Incus and OpenNebula (fencing left to the user's scripts) and VirtualBox. vSphere (VCF:
    // NSX, vSAN, DRS, FT, a hardware compatibility list) leads Nutanix AHV (Flow, Prism Central
    // projects, 24/7 support) clearly under the robustness sampling.
    let e = eval("datacenter");
    assert_eq!(top(&e, 2), ["vmware-esxi", "nutanix-ahv"]);
    let vmware = &e.ranking[0];
    assert_eq!(
        vmware.edition.id, "vcf",
        "enterprise budget: the edition with every scored feature"
    );
    assert!(!judged(&e).tie);
    assert_eq!(
        eliminated(&e),
        [
            "harvester",
            "incus",
            "opennebula",
            "proxmox-ve",
            "virtualbox",
            "xcp-ng",
            "xenserver"
        ]
    );
}

#[test]
fn production_critical_picks_vsphere_for_fault_tolerance() {
    // Continuity first: HA must be part of the supported product, the vendor must sell support,
    // and the fleet needs it around the clock. That leaves vSphere, Nutanix and Hyper-V
    // (OpenNebula's HA leaves fencing to scripts: partial, not enough here). vSphere is the only
    // one with lock-step fault tolerance and scores fully on
    // availability. With an enterprise budget its edition is VCF (every scored feature, NSX
    // included), about 346,000 EUR over five years for four 2 × 24-core hosts: the lowest cost
    // score of the three, but cost weighs 5 % here and the others' prices are on quote.
    let e = eval("production-critical");
    assert_eq!(
        eliminated(&e),
        [
            "harvester",
            "incus",
            "kvm-libvirt",
            "opennebula",
            "proxmox-ve",
            "virtualbox",
            "xcp-ng",
            "xenserver"
        ]
    );
    assert_eq!(top(&e, 3), ["vmware-esxi", "nutanix-ahv", "hyper-v"]);
    assert!(margin(&e) > 1.0);
}

#[test]
fn devops_lab_picks_opennebula() {
    // Everything driven by code: OpenNebula's vendor-maintained Terraform provider and Ansible
    // collection, full REST/XML-RPC API, VMs and LXC containers. Proxmox VE's Terraform and
    // Ansible support are community add-ons; Incus is close with its API-first design.
    let e = eval("devops-lab");
    assert_eq!(top(&e, 3), ["opennebula", "proxmox-ve", "incus"]);
}

#[test]
fn general_profile_is_a_tie_between_the_broadest_platforms() {
    // Equal weights reward the breadth of built-in features. XCP-ng, OpenNebula and Proxmox VE
    // are within about a point; with uncertain facts varied, XCP-ng ranks first in under 75 %
    // of the samples, so the report calls a tie and lists what tells them apart.
    let e = eval("general");
    let v = judged(&e);
    assert!(v.tie, "{v:?}");
    assert_eq!(v.winners[..2], ["xcp-ng", "opennebula"]);
    assert!(!v.differences.is_empty());
}
