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
    // No budget, one host: only free editions count.
    // 1. Proxmox VE: KVM and LXC, ZFS, GPU passthrough and backups in one free install, one
    //    component to run (pve-docs).
    // 2. OpenNebula: as free and as broad, but a front-end to run beside the host (2 components)
    //    and security releases between minor versions only for subscribers.
    // 3. XCP-ng: free with every feature, but no system containers.
    let e = eval("homelab");
    assert_eq!(top(&e, 3), ["proxmox-ve", "opennebula", "xcp-ng"]);
    assert!(!judged(&e).tie);
}

#[test]
fn sme_ties_proxmox_ve_and_xcp_ng_until_vates_quotes() {
    // Three single-socket hosts, business-hours support, 8 Windows guests, five years.
    // 1. Proxmox VE: Basic subscription (3 sockets × 370 EUR a year, reported price), built-in
    //    HA and backups, one component to run; the cheapest supported platform.
    // 2. XCP-ng: comparable features with Xen Orchestra, but its supported bundle is on quote,
    //    which this profile's unknown policy counts as no advantage.
    // 3. Nutanix AHV: HCI with Prism, 24/7 support, on quote; strongest on backup ecosystem.
    // vSphere Foundation comes fourth: about four times Proxmox VE's cost over five years.
    // Proxmox VE's lead rests on the cost criterion, and XCP-ng's price is a quote: the
    // sampling draws it among the paid offers whose prices are known (widened to the unknown
    // policy's score), and Proxmox VE then ranks first in about 72 % of the samples, under the
    // 75 % a clear win needs. A tie the report resolves by asking Vates for a quote (its price
    // flip point says below which total XCP-ng would win).
    let e = eval("sme");
    assert_eq!(top(&e, 3), ["proxmox-ve", "xcp-ng", "nutanix-ahv"]);
    let v = judged(&e);
    assert!(v.tie, "{v:?}");
    assert_eq!(v.winners[..2], ["proxmox-ve", "xcp-ng"]);
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
    // No licence budget, a teaching lab of four small hosts.
    // Proxmox VE: every lab topic in one install (KVM, LXC, ZFS, Ceph, backups).
    // OpenNebula: tenants with quotas and a self-service portal for student groups, OneSwap to
    //    teach migrations off vSphere, but a front-end to run.
    // XCP-ng third: no system containers.
    // The first two are within the model's resolution: the report calls a tie.
    let e = eval("education");
    let v = judged(&e);
    assert!(v.tie, "{v:?}");
    assert_eq!(v.winners[..2], ["proxmox-ve", "opennebula"]);
    assert_eq!(e.ranking[2].id, "xcp-ng");
}

#[test]
fn datacenter_ties_vsphere_and_nutanix_until_nutanix_quotes() {
    // Enterprise budget, sixteen 2 × 32-core hosts, 24×7 support, HA and live migration
    // required. The support need eliminates the platforms whose vendor sells no round-the-clock
    // support (Proxmox VE and Vates sell business-hours tickets at most, as far as their
    // published terms say; SUSE and XenServer publish no hours); the HA requirement eliminates
    // Incus and OpenNebula (fencing left to the user's scripts) and VirtualBox.
    // vSphere (VCF): NSX, vSAN, DRS, FT, NFS and iSCSI datastores, a hardware list.
    // Nutanix AHV: HCI with Flow, Prism Central projects, 24/7 support; 32 nodes per cluster.
    // Hyper-V third: S2D and SDN need Datacenter, central management needs System Center.
    // The point lead is small (85.7 against 85.4). vSphere's unpublished values (the cluster
    // limit, which Broadcom's Configuration Maximums tool gives and no page read here does,
    // and the support lifecycle) count as absent, and drawing them widens its lead; but
    // Nutanix NCI is sold on quote, and drawing its price among the known paid offers leaves
    // vSphere first in about 63 % of the samples: a tie between the two enterprise platforms
    // that a Nutanix quote settles. (Before quotes were sampled, vSphere was first in 95 % of the
    // samples; before the bands followed the value functions, in 77 %.)
    // Since issue 22, a quote counts as the dearest published paid offer, capped by its known
    // lines (here Nutanix's Windows guest licences), instead of the median: Nutanix now leads on
    // points, still inside the model's resolution, so the verdict is the same two-way tie.
    let e = eval("datacenter");
    let mut first_two = top(&e, 2);
    first_two.sort();
    assert_eq!(first_two, ["nutanix-ahv", "vmware-esxi"]);
    assert_eq!(e.ranking[2].id, "hyper-v");
    let v = judged(&e);
    assert!(v.tie, "{v:?}");
    let mut winners = v.winners.clone();
    winners.sort();
    assert_eq!(winners, ["nutanix-ahv", "vmware-esxi"]);
    let vmware = e.ranking.iter().find(|r| r.id == "vmware-esxi").unwrap();
    assert_eq!(
        vmware.edition.id, "vcf",
        "enterprise budget: the edition with every scored feature"
    );
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
    // Continuity first: HA built into the supported product, the vendor sells support, around
    // the clock. That leaves three (OpenNebula's HA leaves fencing to scripts).
    // 1. vSphere: the only one with lock-step fault tolerance; VCF with an enterprise budget,
    //    about 346,000 EUR over five years, but cost weighs 5 % here.
    // 2. Nutanix AHV: HA and 24/7 support, no fault tolerance.
    // 3. Hyper-V: failover clustering, support through Microsoft Unified (on quote).
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
    assert!(!judged(&e).tie);
}

#[test]
fn devops_lab_is_a_tie_between_proxmox_ve_and_opennebula() {
    // Everything driven by code, containers and nesting, no support needed.
    // OpenNebula: vendor-maintained Terraform provider and Ansible collection, LXC, tenants.
    // Proxmox VE: REST API, LXC, nesting; its Terraform and Ansible support are community add-ons.
    // Incus third: API-first with projects, but HA is partial (no built-in fencing).
    let e = eval("devops-lab");
    let v = judged(&e);
    assert!(v.tie, "{v:?}");
    assert_eq!(v.winners[..2], ["proxmox-ve", "opennebula"]);
    assert_eq!(e.ranking[2].id, "incus");
}

#[test]
fn general_profile_is_a_tie_between_the_broadest_platforms() {
    // Equal weights reward breadth of built-in features and simple operations.
    // XCP-ng: hardware list (XenServer's), warm import from vSphere, in-place upgrades.
    // Proxmox VE: containers, Ceph, one component to run.
    // OpenNebula third: tenants and federation, but a front-end and partial HA.
    // The first two are within the model's resolution: the report calls a tie.
    let e = eval("general");
    let v = judged(&e);
    assert!(v.tie, "{v:?}");
    let mut first_two = v.winners[..2].to_vec();
    first_two.sort();
    assert_eq!(first_two, ["proxmox-ve", "xcp-ng"]);
    assert_eq!(e.ranking[2].id, "opennebula");
    assert!(!v.differences.is_empty());
}
