//! Killed mid-write, nothing lost. The core runs on a real data folder in a child
//! process (this test binary, started again as the worker), begins a long write —
//! loading a demo organization, an export to a file, a run of member changes — and is
//! killed with SIGKILL at a random moment. The folder is then opened again and checked:
//! SQLite's integrity check passes, the interrupted write is all there or not at all,
//! every organization has exactly one Owner, no export is half-written under its final
//! name, a write the worker reported finished is there, and a normal operation succeeds.
//!
//! The kill moments come from a seeded generator. The seed is printed at the start and
//! in every failure; `ROLECALL_CRASH_SEED=<seed>` replays the same schedule.
//! `crash_drill` runs a short drill with the test suite; `crash_drill_long` (ignored)
//! runs `ROLECALL_CRASH_KILLS` kills (1000 unless set) for `cargo xtask crash-drill`.
//!
//! The worker is this binary rather than a separate program so it is always the same
//! build (debug or release) of the same core as the drill, with nothing extra to build.

use rolecall_core::clock::SystemClock;
use rolecall_core::{PasswordHashing, Rolecall, Store};
use rolecall_types::ids::*;
use rolecall_types::model::*;
use rolecall_types::permissions::ROLE_TEMPLATES;
use rusqlite::OptionalExtension;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::io::{BufRead, BufReader, Write};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// The worker's job, as JSON.
const JOB_ENV: &str = "ROLECALL_CRASH_JOB";
/// Replays a drill's schedule.
const SEED_ENV: &str = "ROLECALL_CRASH_SEED";
/// How many kills the long drill makes.
const KILLS_ENV: &str = "ROLECALL_CRASH_KILLS";
/// The worker test's full name in this binary.
const WORKER_TEST: &str = "crash::crash_worker";
/// What the worker's progress lines start with.
const MARK: &str = "crash-drill:";
/// A worker silent this long is stuck: a guard against hanging, not a timing claim.
const STUCK: Duration = Duration::from_secs(30 * 60);
const PASSWORD: &str = "correct horse battery";

/// What one worker does.
#[derive(Debug, Clone, Serialize, Deserialize)]
enum Job {
    /// Loads a demo organization of `members` members as `actor`.
    Demo {
        dir: PathBuf,
        actor: AccountId,
        name: String,
        members: u32,
    },
    /// Exports `org` to the file `target` as `actor`.
    Export {
        dir: PathBuf,
        actor: AccountId,
        org: OrgId,
        request: Box<ExportRequest>,
        target: PathBuf,
    },
    /// Applies `changes` to `org` one after the other, each as the Owner of the moment.
    Batch {
        dir: PathBuf,
        org: OrgId,
        changes: Vec<Change>,
    },
}

/// One member change; people are named by e-mail, roles by name.
#[derive(Debug, Clone, Serialize, Deserialize)]
enum Change {
    Add { email: String, role: String },
    Role { email: String, role: String },
    Status { email: String, active: bool },
    Remove { email: String },
    Transfer { to: String },
}

impl Change {
    /// The audit action the change records in its own transaction.
    fn action(&self) -> &'static str {
        match self {
            Change::Add { .. } => "member.added",
            Change::Role { .. } => "member.role_changed",
            Change::Status { active: true, .. } => "member.activated",
            Change::Status { active: false, .. } => "member.deactivated",
            Change::Remove { .. } => "member.removed",
            Change::Transfer { .. } => "organization.ownership_transferred",
        }
    }

    fn apply(&self, members: &mut Members) {
        match self {
            Change::Add { email, role } => {
                members.insert(
                    email.clone(),
                    Standing {
                        role: role.clone(),
                        active: true,
                        owner: false,
                    },
                );
            }
            Change::Role { email, role } => {
                if let Some(m) = members.get_mut(email) {
                    m.role = role.clone();
                }
            }
            Change::Status { email, active } => {
                if let Some(m) = members.get_mut(email) {
                    m.active = *active;
                }
            }
            Change::Remove { email } => {
                members.remove(email);
            }
            Change::Transfer { to } => {
                for m in members.values_mut().filter(|m| m.owner) {
                    m.owner = false;
                    m.role = "Admin".into();
                }
                if let Some(m) = members.get_mut(to) {
                    m.owner = true;
                    m.role = "Owner".into();
                }
            }
        }
    }
}

/// A member's standing in the organization.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Standing {
    role: String,
    active: bool,
    owner: bool,
}

/// Members by e-mail.
type Members = BTreeMap<String, Standing>;

// ---------------------------------------------------------------------------------
// The worker

/// Run by the drill in a child process; does nothing when started by hand.
#[test]
#[ignore = "the crash drill's worker, started by the drill"]
fn crash_worker() {
    let Ok(job) = std::env::var(JOB_ENV) else {
        return;
    };
    let job: Job = serde_json::from_str(&job).expect("job");
    let dir = match &job {
        Job::Demo { dir, .. } | Job::Export { dir, .. } | Job::Batch { dir, .. } => dir.clone(),
    };
    // Exactly as the app opens its data folder.
    let core = Rolecall::open(&dir).expect("open the data folder");
    match job {
        Job::Demo {
            actor,
            name,
            members,
            ..
        } => {
            say("started");
            core.load_demo_organization(&actor, &name, members)
                .expect("load the demo organization");
        }
        Job::Export {
            actor,
            org,
            request,
            target,
            ..
        } => {
            say("started");
            core.export_to_file(&actor, &org, &request, &target, &mut |_| {})
                .expect("export");
        }
        Job::Batch { org, changes, .. } => {
            say("started");
            for (n, change) in changes.iter().enumerate() {
                apply_change(&core, &org, change);
                say(&format!("committed {}", n + 1));
            }
        }
    }
    say("done");
}

fn say(what: &str) {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{MARK} {what}").expect("stdout");
    out.flush().expect("stdout");
}

fn apply_change(core: &Rolecall, org: &OrgId, change: &Change) {
    let (owner, membership, role) = {
        let conn = core.store().conn();
        let owner: AccountId = conn
            .query_row(
                "SELECT account_id FROM memberships WHERE org_id = ?1 AND is_owner = 1",
                [org],
                |r| r.get(0),
            )
            .expect("the Owner");
        let email = match change {
            Change::Role { email, .. }
            | Change::Status { email, .. }
            | Change::Remove { email } => Some(email.as_str()),
            Change::Transfer { to } => Some(to.as_str()),
            Change::Add { .. } => None,
        };
        let membership: Option<MembershipId> = email.map(|email| {
            conn.query_row(
                "SELECT m.id FROM memberships m JOIN accounts a ON a.id = m.account_id
                 WHERE m.org_id = ?1 AND a.email = ?2",
                [org.as_str(), email],
                |r| r.get(0),
            )
            .expect("membership")
        });
        let role = match change {
            Change::Add { role, .. } | Change::Role { role, .. } => Some(
                conn.query_row(
                    "SELECT id FROM roles WHERE org_id = ?1 AND name = ?2",
                    [org.as_str(), role.as_str()],
                    |r| r.get::<_, RoleId>(0),
                )
                .expect("role"),
            ),
            _ => None,
        };
        (owner, membership.unwrap_or_default(), role)
    };
    match change {
        Change::Add { email, .. } => {
            core.add_member(
                &owner,
                org,
                &NewMember {
                    first_name: "Drill".into(),
                    last_name: "Person".into(),
                    email: email.clone(),
                    role_id: role,
                },
            )
            .expect("add member");
        }
        Change::Role { .. } => {
            core.change_role(&owner, org, &membership, &role.unwrap_or_default())
                .expect("change role");
        }
        Change::Status { active, .. } => {
            let status = if *active {
                MemberStatus::Active
            } else {
                MemberStatus::Deactivated
            };
            core.set_member_status(&owner, org, &membership, status)
                .expect("set status");
        }
        Change::Remove { .. } => core
            .remove_member(&owner, org, &membership)
            .expect("remove member"),
        Change::Transfer { .. } => core
            .transfer_ownership(&owner, org, &membership)
            .expect("transfer ownership"),
    }
}

// ---------------------------------------------------------------------------------
// The drill

/// How a drill is made up.
#[derive(Debug, Clone, Copy)]
struct Setup {
    /// Kills that land while the worker is writing (rounds whose worker had already
    /// finished do not count).
    kills: usize,
    /// Members of most demo organizations.
    demo_members: u32,
    /// Every `big_every`-th demo load is the full 100,000 members (0: never)…
    big_every: usize,
    /// … until this many kills have landed during such a load.
    full_demo_kills: usize,
    /// Kill moments of a full demo load, as a fraction of its typical duration: below
    /// 1 when a load that finishes first costs too much time.
    full_demo_reach: f64,
    /// Members of the organization that is exported.
    export_members: u32,
    /// Member changes per batch.
    batch_changes: usize,
}

/// The demo organization the app offers.
const BIG_DEMO: u32 = 100_000;

#[test]
fn crash_drill() {
    // A debug build on a small machine: small demos, and two kills during the real
    // 100,000-member load (about 20 s each in debug, 1 s in release).
    run_drill(Setup {
        kills: 24,
        demo_members: 2_000,
        big_every: 3,
        full_demo_kills: 2,
        full_demo_reach: 0.9,
        export_members: 2_000,
        batch_changes: 40,
    });
}

/// `cargo xtask crash-drill [kills]`: in release mode, `ROLECALL_CRASH_KILLS` kills.
#[test]
#[ignore = "long: run by `cargo xtask crash-drill`"]
fn crash_drill_long() {
    let kills = std::env::var(KILLS_ENV)
        .ok()
        .map(|k| k.parse().expect("ROLECALL_CRASH_KILLS is a number"))
        .unwrap_or(1000);
    run_drill(Setup {
        kills,
        demo_members: 10_000,
        big_every: 2,
        full_demo_kills: usize::MAX,
        full_demo_reach: 1.1,
        export_members: 20_000,
        batch_changes: 40,
    });
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Kind {
    Demo,
    Export,
    Batch,
}

const KINDS: [Kind; 3] = [Kind::Demo, Kind::Export, Kind::Batch];

/// Counts per kind of write.
#[derive(Debug, Default, Clone)]
struct Tally {
    /// Workers killed while writing.
    killed: usize,
    /// Workers that finished before the kill arrived.
    finished_first: usize,
    /// Runs without a kill that measure how long the write takes.
    timed: usize,
    /// After a kill: the write was all there.
    all_there: usize,
    /// After a kill: the write was not there at all.
    none_there: usize,
    /// Killed exports that left their temporary file behind.
    temp_left: usize,
    /// Member changes committed before the kills.
    changes_committed: usize,
    /// Kills during the load of the full 100,000-member demo organization.
    full_demo_killed: usize,
}

/// The SplitMix64 generator: small, seedable, good enough to spread kill moments.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// How a worker run ended.
#[derive(Debug, Default)]
struct Run {
    /// SIGKILL ended it.
    killed: bool,
    /// It reported the write finished.
    done: bool,
    /// Member changes it reported committed.
    committed: usize,
    /// From "started" to "done", when it finished.
    took: Option<Duration>,
}

/// A prepared person who can sign in.
#[derive(Debug, Clone)]
struct Person {
    id: AccountId,
    email: String,
}

/// A data folder kept across rounds, with its organization.
struct Shared {
    dir: PathBuf,
    owner: Person,
    org: OrgId,
    /// The second person who can sign in, ownership goes back and forth with.
    other: Option<Person>,
}

struct Drill {
    setup: Setup,
    rng: Rng,
    root: tempfile::TempDir,
    exe: PathBuf,
    /// Typical duration of each write, by label.
    typical: HashMap<String, Duration>,
    tally: BTreeMap<Kind, Tally>,
    failures: Vec<String>,
    export: Option<Shared>,
    batch: Option<Shared>,
    demo_loads: usize,
    round: usize,
}

fn run_drill(setup: Setup) {
    let seed = std::env::var(SEED_ENV)
        .ok()
        .map(|s| s.parse().expect("ROLECALL_CRASH_SEED is a number"))
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos() as u64)
                .unwrap_or(1)
        });
    println!("crash drill: seed {seed} ({SEED_ENV}={seed} replays it), {setup:?}");
    let started = Instant::now();
    let mut drill = Drill {
        setup,
        rng: Rng(seed),
        root: tempfile::tempdir().expect("tempdir"),
        exe: std::env::current_exe().expect("this test binary"),
        typical: HashMap::new(),
        tally: KINDS.iter().map(|k| (*k, Tally::default())).collect(),
        failures: Vec::new(),
        export: None,
        batch: None,
        demo_loads: 0,
        round: 0,
    };
    let killed = |d: &Drill| d.tally.values().map(|t| t.killed).sum::<usize>();
    // A round whose worker finished first does not count; the cap only stops a machine
    // so fast that every write finishes before the kill from looping for ever.
    while killed(&drill) < setup.kills && drill.round < setup.kills * 4 + 10 {
        let kind = KINDS[drill.round % KINDS.len()];
        if let Err(failure) = drill.round(kind) {
            let message = format!("round {} ({kind:?}), seed {seed}: {failure}", drill.round);
            println!("crash drill: FAILED {message}");
            drill.failures.push(message);
        }
        drill.round += 1;
        if drill.round.is_multiple_of(50) {
            println!(
                "crash drill: {} rounds, {} kills, {} failures, {:.0} s",
                drill.round,
                killed(&drill),
                drill.failures.len(),
                started.elapsed().as_secs_f64()
            );
        }
    }
    let total = killed(&drill);
    for (kind, t) in &drill.tally {
        println!("crash drill: {kind:?}: {t:?}");
    }
    let mut typical: Vec<_> = drill.typical.iter().collect();
    typical.sort();
    println!("crash drill: typical durations {typical:?}");
    let per_kind: Vec<String> = drill
        .tally
        .iter()
        .map(|(k, t)| format!("{}={}", format!("{k:?}").to_lowercase(), t.killed))
        .collect();
    println!(
        "crash drill summary: kills={total} {} demo_full={} rounds={} failures={} seconds={:.0} seed={seed}",
        per_kind.join(" "),
        drill
            .tally
            .get(&Kind::Demo)
            .map_or(0, |t| t.full_demo_killed),
        drill.round,
        drill.failures.len(),
        started.elapsed().as_secs_f64()
    );
    if !drill.failures.is_empty() {
        let kept = drill.root.keep();
        panic!(
            "{} of {} rounds lost or damaged data (seed {seed}; folders kept in {}):\n{}",
            drill.failures.len(),
            drill.round,
            kept.display(),
            drill.failures.join("\n")
        );
    }
    assert!(
        total >= setup.kills,
        "only {total} of {} kills landed while writing (seed {seed})",
        setup.kills
    );
}

impl Drill {
    fn round(&mut self, kind: Kind) -> Result<(), String> {
        match kind {
            Kind::Demo => self.demo_round(),
            Kind::Export => self.export_round(),
            Kind::Batch => self.batch_round(),
        }
    }

    fn tally(&mut self, kind: Kind) -> &mut Tally {
        self.tally.entry(kind).or_default()
    }

    /// Runs `job`, kills it at a random moment of its typical duration (or, the first
    /// time, lets it finish to learn that duration) and reports how it ended.
    fn run(&mut self, kind: Kind, label: &str, job: &Job) -> Result<Run, String> {
        let typical = self.typical.get(label).copied().or_else(|| {
            // A big demo load takes about as long per member as a small one.
            let small = self
                .typical
                .get(&format!("demo {}", self.setup.demo_members))?;
            (label == format!("demo {BIG_DEMO}"))
                .then(|| small.mul_f64(f64::from(BIG_DEMO) / f64::from(self.setup.demo_members)))
        });
        // Mostly within the write, sometimes just after it.
        let reach = if label == format!("demo {BIG_DEMO}") {
            self.setup.full_demo_reach
        } else {
            1.1
        };
        let kill_after = typical.map(|t| t.mul_f64(self.rng.unit() * reach));
        let run = self.spawn(job, kill_after)?;
        if let Some(took) = run.took {
            // Follow the machine's pace: other work on it slows writes down.
            let next = match typical {
                Some(t) => (t * 3 + took) / 4,
                None => took,
            };
            self.typical.insert(label.to_string(), next);
        }
        let round = self.round;
        let tally = self.tally(kind);
        let outcome = if kill_after.is_none() {
            tally.timed += 1;
            "ran to the end, timed"
        } else if run.killed {
            tally.killed += 1;
            if label == format!("demo {BIG_DEMO}") {
                tally.full_demo_killed += 1;
            }
            "killed"
        } else {
            tally.finished_first += 1;
            "finished before the kill"
        };
        println!(
            "crash drill: round {round} {label}: kill after {:?} of ~{typical:?}: {outcome}",
            kill_after.unwrap_or_default()
        );
        Ok(run)
    }

    /// Starts the worker; after "started", waits `kill_after` and kills it, or without
    /// a kill waits until it is done.
    fn spawn(&self, job: &Job, kill_after: Option<Duration>) -> Result<Run, String> {
        let stderr_path = self
            .root
            .path()
            .join(format!("worker-{}.stderr", self.round));
        let stderr = std::fs::File::create(&stderr_path).map_err(|e| e.to_string())?;
        let mut child = Command::new(&self.exe)
            .args([WORKER_TEST, "--exact", "--ignored", "--nocapture"])
            .env(
                JOB_ENV,
                serde_json::to_string(job).map_err(|e| e.to_string())?,
            )
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(stderr)
            .spawn()
            .map_err(|e| format!("cannot start the worker: {e}"))?;
        let lines = read_lines(&mut child)?;
        let worker_said = |run: &Run| -> String {
            let err = std::fs::read_to_string(&stderr_path).unwrap_or_default();
            format!("{run:?}; worker's stderr:\n{}", err.trim_end())
        };
        let mut run = Run::default();
        let started = match wait_for(&lines, &mut run, "started") {
            Some(at) => at,
            None => {
                let _ = child.kill();
                let status = child.wait().map_err(|e| e.to_string())?;
                return Err(format!(
                    "the worker ended ({status}) before starting the write: {}",
                    worker_said(&run)
                ));
            }
        };
        match kill_after {
            Some(delay) => {
                std::thread::sleep(delay.saturating_sub(started.elapsed()));
                // SIGKILL on Unix; an error only means it had already exited.
                let _ = child.kill();
            }
            None => match wait_for(&lines, &mut run, "done") {
                Some(done) => run.took = Some(done - started),
                // Ended without finishing (reported below), or stuck.
                None => {
                    let _ = child.kill();
                }
            },
        }
        let status = child.wait().map_err(|e| e.to_string())?;
        // Everything the worker wrote before it ended is still in the pipe.
        while let Ok((at, line)) = lines.recv() {
            note(&mut run, &line);
            if line == "done" && run.took.is_none() {
                run.took = Some(at - started);
            }
        }
        run.killed = status.signal() == Some(9);
        let finished = status.success() && run.done;
        if !(run.killed || finished) {
            return Err(format!(
                "the worker failed ({status}): {}",
                worker_said(&run)
            ));
        }
        if run.killed && run.done {
            // Killed after its last word: it had finished.
            run.killed = false;
        }
        let _ = std::fs::remove_file(&stderr_path);
        Ok(run)
    }

    // -- demo organization --------------------------------------------------------

    fn demo_round(&mut self) -> Result<(), String> {
        let big = self.setup.big_every > 0
            && self.demo_loads % self.setup.big_every == 1
            && self.tally(Kind::Demo).full_demo_killed < self.setup.full_demo_kills;
        self.demo_loads += 1;
        let members = if big {
            BIG_DEMO
        } else {
            self.setup.demo_members
        };
        let dir = self.root.path().join(format!("demo-{}", self.round));
        let owner = {
            let core = setup_core(&dir)?;
            register(&core, "Dana", "dana@drill.example")?
        };
        let before = table_counts(&dir)?;
        let name = format!("Demo {}", self.round);
        let job = Job::Demo {
            dir: dir.clone(),
            actor: owner.id.clone(),
            name: name.clone(),
            members,
        };
        let run = self.run(Kind::Demo, &format!("demo {members}"), &job)?;
        let core = reopen(&dir)?;
        let found: Option<String> = query(&core, |c| {
            c.query_row(
                "SELECT id FROM organizations WHERE name = ?1",
                [&name],
                |r| r.get(0),
            )
            .optional()
        })?;
        match found {
            Some(org) => {
                let (memberships, owners, roles, loaded, search): (i64, i64, i64, i64, i64) =
                    query(&core, |c| {
                        c.query_row(
                            "SELECT (SELECT count(*) FROM memberships WHERE org_id = ?1),
                                    (SELECT count(*) FROM memberships WHERE org_id = ?1 AND is_owner = 1 AND account_id = ?2),
                                    (SELECT count(*) FROM roles WHERE org_id = ?1),
                                    (SELECT count(*) FROM audit_log WHERE org_id = ?1 AND action = 'organization.demo_loaded'
                                        AND details ->> '$.members' = ?3),
                                    (SELECT count(*) FROM members_search)",
                            rusqlite::params![org, owner.id, members],
                            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
                        )
                    })?;
                let now = table_counts(&dir)?;
                let expect = [
                    (memberships, i64::from(members) + 1, "memberships"),
                    (owners, 1, "Owner memberships held by the loader"),
                    (roles, 3 + ROLE_TEMPLATES.len() as i64, "roles"),
                    (loaded, 1, "'demo loaded' audit entries"),
                    (
                        now["accounts"],
                        before["accounts"] + i64::from(members),
                        "accounts",
                    ),
                    (
                        search,
                        before["memberships"] + i64::from(members) + 1,
                        "search entries",
                    ),
                ];
                for (got, want, what) in expect {
                    if got != want {
                        return Err(format!(
                            "the demo organization of {members} is there but incomplete: {got} {what}, expected {want} ({run:?})"
                        ));
                    }
                }
                if run.killed {
                    self.tally(Kind::Demo).all_there += 1;
                }
            }
            None => {
                if run.done {
                    return Err(format!(
                        "the worker reported the demo organization loaded, but it is gone ({run:?})"
                    ));
                }
                let now = table_counts(&dir)?;
                if now != before {
                    return Err(format!(
                        "no demo organization, yet rows changed: {before:?} before, {now:?} after ({run:?})"
                    ));
                }
                self.tally(Kind::Demo).none_there += 1;
            }
        }
        check_store(&core, &owner, self.round)?;
        drop(core);
        std::fs::remove_dir_all(&dir).map_err(|e| format!("clean up {}: {e}", dir.display()))
    }

    // -- export to a file ---------------------------------------------------------

    fn export_round(&mut self) -> Result<(), String> {
        if self.export.is_none() {
            let dir = self.root.path().join("export");
            let core = setup_core(&dir)?;
            let owner = register(&core, "Erin", "erin@drill.example")?;
            let org = core
                .load_demo_organization(&owner.id, "Export Org", self.setup.export_members)
                .map_err(|e| format!("set up: {e}"))?
                .id;
            std::fs::create_dir_all(dir.join("files")).map_err(|e| e.to_string())?;
            self.export = Some(Shared {
                dir,
                owner,
                org,
                other: None,
            });
        }
        let (dir, owner, org) = match &self.export {
            Some(s) => (s.dir.clone(), s.owner.clone(), s.org.clone()),
            None => return Err("no export folder".into()),
        };
        let kind = if self.rng.below(2) == 0 {
            ExportKind::MembersCsv
        } else {
            ExportKind::OrganizationJson
        };
        let request = ExportRequest {
            kind,
            members: None,
            audit: None,
        };
        let files = dir.join("files");
        let target = files.join(kind.file_name("export-org", "2026-01-15"));
        // Half the time over an earlier complete export, half the time into nothing.
        if self.rng.below(2) == 0 {
            let _ = std::fs::remove_file(&target);
        }
        let had_before = target.exists();
        let job = Job::Export {
            dir: dir.clone(),
            actor: owner.id.clone(),
            org: org.clone(),
            request: Box::new(request.clone()),
            target: target.clone(),
        };
        let run = self.run(Kind::Export, &format!("export {kind:?}"), &job)?;
        let core = reopen(&dir)?;
        let file_name = kind.file_name("export-org", "2026-01-15");
        let targets = [ExportKind::MembersCsv, ExportKind::OrganizationJson]
            .map(|k| k.file_name("export-org", "2026-01-15"));
        let mut temps = Vec::new();
        for entry in std::fs::read_dir(&files).map_err(|e| e.to_string())? {
            let path = entry.map_err(|e| e.to_string())?.path();
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if targets.contains(&name) {
                continue;
            }
            // Only this export's own temporary file may be left, under its own name.
            let random = name
                .strip_prefix(&format!("{file_name}."))
                .and_then(|r| r.strip_suffix(".part"));
            if !random.is_some_and(|r| r.len() == 16 && r.bytes().all(|b| b.is_ascii_hexdigit())) {
                return Err(format!("an unexpected file next to the export: {name}"));
            }
            temps.push(path);
        }
        if run.done && !temps.is_empty() {
            return Err(format!("a finished export left {temps:?} behind"));
        }
        if !temps.is_empty() {
            self.tally(Kind::Export).temp_left += 1;
            for temp in temps {
                std::fs::remove_file(&temp).map_err(|e| e.to_string())?;
            }
        }
        if target.exists() {
            let written = std::fs::read(&target).map_err(|e| e.to_string())?;
            check_export(&core, &owner, &org, &request, &written)
                .map_err(|e| format!("{e} ({run:?}, existed before: {had_before})"))?;
            if run.killed && !had_before {
                self.tally(Kind::Export).all_there += 1;
            }
        } else {
            if run.done || had_before {
                return Err(format!(
                    "the export is missing (existed before: {had_before}, {run:?})"
                ));
            }
            self.tally(Kind::Export).none_there += 1;
        }
        check_store(&core, &owner, self.round)
    }

    // -- member changes -------------------------------------------------------------

    fn batch_round(&mut self) -> Result<(), String> {
        if self.batch.is_none() {
            let dir = self.root.path().join("batch");
            let core = setup_core(&dir)?;
            let owner = register(&core, "Ada", "ada@drill.example")?;
            let other = register(&core, "Bea", "bea@drill.example")?;
            let org = core
                .load_demo_organization(&owner.id, "Batch Org", 300)
                .map_err(|e| format!("set up: {e}"))?
                .id;
            let invitation = core
                .invite(
                    &owner.id,
                    &org,
                    &NewMember {
                        first_name: "Bea".into(),
                        last_name: "Drill".into(),
                        email: other.email.clone(),
                        role_id: None,
                    },
                )
                .map_err(|e| format!("set up: {e}"))?;
            core.accept_invitation(&other.id, &invitation.id)
                .map_err(|e| format!("set up: {e}"))?;
            self.batch = Some(Shared {
                dir,
                owner,
                org,
                other: Some(other),
            });
        }
        let (dir, org, a, b) = match &self.batch {
            Some(Shared {
                dir,
                owner,
                org,
                other: Some(other),
            }) => (dir.clone(), org.clone(), owner.clone(), other.clone()),
            _ => return Err("no batch folder".into()),
        };
        let (before, roles, last_audit) = {
            let core = reopen(&dir)?;
            let before = members_of(&core, &org)?;
            let roles: Vec<String> = query(&core, |c| {
                let mut stmt = c.prepare(
                    "SELECT name FROM roles WHERE org_id = ?1 AND kind <> 'owner' ORDER BY name",
                )?;
                stmt.query_map([&org], |r| r.get(0))?.collect()
            })?;
            let last_audit: i64 = query(&core, |c| {
                c.query_row("SELECT coalesce(max(id), 0) FROM audit_log", [], |r| {
                    r.get(0)
                })
            })?;
            (before, roles, last_audit)
        };
        let changes = self.plan_changes(&before, &roles, &a, &b);
        let job = Job::Batch {
            dir: dir.clone(),
            org: org.clone(),
            changes: changes.clone(),
        };
        let run = self.run(
            Kind::Batch,
            &format!("batch {}", self.setup.batch_changes),
            &job,
        )?;
        let core = reopen(&dir)?;
        let actions: Vec<String> = query(&core, |c| {
            let mut stmt = c.prepare(
                "SELECT action FROM audit_log WHERE id > ?1 AND org_id = ?2 ORDER BY id",
            )?;
            stmt.query_map(rusqlite::params![last_audit, org], |r| r.get(0))?
                .collect()
        })?;
        let committed = actions.len();
        let planned: Vec<&str> = changes.iter().map(Change::action).collect();
        if committed > changes.len() || actions.iter().zip(&planned).any(|(a, p)| a != p) {
            return Err(format!(
                "the audit log holds {actions:?}, not a prefix of the planned {planned:?}"
            ));
        }
        if committed < run.committed {
            return Err(format!(
                "the worker reported {} changes committed, the database holds {committed}",
                run.committed
            ));
        }
        if committed > run.committed + 1 {
            return Err(format!(
                "{committed} changes in the database, but the worker had reported only {}",
                run.committed
            ));
        }
        let mut expected = before.clone();
        for change in &changes[..committed] {
            change.apply(&mut expected);
        }
        let now = members_of(&core, &org)?;
        if now != expected {
            let differ: Vec<String> = expected
                .keys()
                .chain(now.keys())
                .filter(|k| expected.get(*k) != now.get(*k))
                .map(|k| {
                    format!(
                        "{k}: expected {:?}, found {:?}",
                        expected.get(k),
                        now.get(k)
                    )
                })
                .collect();
            return Err(format!(
                "after {committed} committed changes the members differ: {}",
                differ.join("; ")
            ));
        }
        if run.killed {
            let tally = self.tally(Kind::Batch);
            tally.changes_committed += committed;
            if committed == changes.len() {
                tally.all_there += 1;
            } else if committed == 0 {
                tally.none_there += 1;
            }
        }
        let owner = if now.get(&a.email).is_some_and(|m| m.owner) {
            a
        } else {
            b
        };
        check_store(&core, &owner, self.round)
    }

    /// `batch_changes` valid changes from the members as they are: new people, role
    /// changes, (de)activations, removals and ownership going back and forth between
    /// the two people who can sign in.
    fn plan_changes(
        &mut self,
        members: &Members,
        roles: &[String],
        a: &Person,
        b: &Person,
    ) -> Vec<Change> {
        let mut model = members.clone();
        let mut changes = Vec::with_capacity(self.setup.batch_changes);
        for n in 0..self.setup.batch_changes {
            let others: Vec<&String> = model
                .keys()
                .filter(|e| **e != a.email && **e != b.email)
                .collect();
            let pick = |rng: &mut Rng| others[rng.below(others.len())].clone();
            let roll = self.rng.below(100);
            let change = if others.is_empty() || roll < 25 {
                Change::Add {
                    email: format!("r{}.{n}@drill.example", self.round),
                    role: roles[self.rng.below(roles.len())].clone(),
                }
            } else if roll < 50 {
                let email = pick(&mut self.rng);
                let current = model
                    .get(&email)
                    .map(|m| m.role.clone())
                    .unwrap_or_default();
                let choices: Vec<&String> = roles.iter().filter(|r| **r != current).collect();
                Change::Role {
                    email,
                    role: choices[self.rng.below(choices.len())].clone(),
                }
            } else if roll < 70 {
                let email = pick(&mut self.rng);
                let active = !model.get(&email).is_some_and(|m| m.active);
                Change::Status { email, active }
            } else if roll < 85 {
                Change::Remove {
                    email: pick(&mut self.rng),
                }
            } else {
                let to = if model.get(&a.email).is_some_and(|m| m.owner) {
                    &b.email
                } else {
                    &a.email
                };
                Change::Transfer { to: to.clone() }
            };
            change.apply(&mut model);
            changes.push(change);
        }
        changes
    }
}

/// Reads the worker's progress lines as they come, each with the moment it arrived.
fn read_lines(child: &mut Child) -> Result<Receiver<(Instant, String)>, String> {
    let stdout = child.stdout.take().ok_or("no worker stdout")?;
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if let Some(said) = line.strip_prefix(MARK)
                && send
                    .send((Instant::now(), said.trim().to_string()))
                    .is_err()
            {
                break;
            }
        }
    });
    Ok(receive)
}

/// Waits until the worker says `word`; `None` if it ended without saying it.
fn wait_for(lines: &Receiver<(Instant, String)>, run: &mut Run, word: &str) -> Option<Instant> {
    loop {
        match lines.recv_timeout(STUCK) {
            Ok((at, line)) => {
                note(run, &line);
                if line == word {
                    return Some(at);
                }
            }
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return None,
        }
    }
}

fn note(run: &mut Run, line: &str) {
    if line == "done" {
        run.done = true;
    } else if let Some(n) = line.strip_prefix("committed ") {
        run.committed = n.parse().unwrap_or(run.committed);
    }
}

// ---------------------------------------------------------------------------------
// Opening and checking

/// A core for preparing a folder (cheap password hashing).
fn setup_core(dir: &Path) -> Result<Rolecall, String> {
    let store = Store::open(dir).map_err(|e| format!("open {}: {e}", dir.display()))?;
    Ok(Rolecall::new(
        store,
        Arc::new(SystemClock),
        PasswordHashing::Fast,
    ))
}

/// Opens the folder after the kill, as the app does when it starts again.
fn reopen(dir: &Path) -> Result<Rolecall, String> {
    Rolecall::open(dir).map_err(|e| format!("the data folder does not open after the kill: {e}"))
}

fn register(core: &Rolecall, first: &str, email: &str) -> Result<Person, String> {
    let done = core
        .register(&RegisterRequest {
            first_name: first.into(),
            last_name: "Drill".into(),
            email: email.into(),
            password: PASSWORD.into(),
            password_confirmation: PASSWORD.into(),
        })
        .map_err(|e| format!("register {email}: {e}"))?;
    Ok(Person {
        id: done.account.id,
        email: email.into(),
    })
}

fn query<T>(
    core: &Rolecall,
    work: impl FnOnce(&rusqlite::Connection) -> rusqlite::Result<T>,
) -> Result<T, String> {
    work(&core.store().conn()).map_err(|e| format!("query: {e}"))
}

/// Rows per table, for "nothing changed".
fn table_counts(dir: &Path) -> Result<BTreeMap<&'static str, i64>, String> {
    let core = reopen(dir)?;
    let mut counts = BTreeMap::new();
    for table in [
        "accounts",
        "organizations",
        "roles",
        "memberships",
        "audit_log",
        "members_search",
    ] {
        let n = query(&core, |c| {
            c.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        })?;
        counts.insert(table, n);
    }
    Ok(counts)
}

fn members_of(core: &Rolecall, org: &OrgId) -> Result<Members, String> {
    query(core, |c| {
        let mut stmt = c.prepare(
            "SELECT a.email, r.name, m.status = 'active', m.is_owner FROM memberships m
             JOIN accounts a ON a.id = m.account_id JOIN roles r ON r.id = m.role_id
             WHERE m.org_id = ?1",
        )?;
        stmt.query_map([org], |r| {
            Ok((
                r.get::<_, String>(0)?,
                Standing {
                    role: r.get(1)?,
                    active: r.get(2)?,
                    owner: r.get(3)?,
                },
            ))
        })?
        .collect()
    })
}

/// The written export is the whole export of the organization as it is now.
fn check_export(
    core: &Rolecall,
    owner: &Person,
    org: &OrgId,
    request: &ExportRequest,
    written: &[u8],
) -> Result<(), String> {
    let mut expected = Vec::new();
    core.export(&owner.id, org, request, &mut expected, &mut |_| {})
        .map_err(|e| format!("export again: {e}"))?;
    match request.kind {
        ExportKind::OrganizationJson => {
            let mut got: OrganizationExport = serde_json::from_slice(written).map_err(|e| {
                format!(
                    "the export file ({} bytes) does not parse: {e}",
                    written.len()
                )
            })?;
            let want: OrganizationExport =
                serde_json::from_slice(&expected).map_err(|e| e.to_string())?;
            got.exported_at = want.exported_at;
            if got != want {
                return Err("the exported document differs from the organization".into());
            }
        }
        _ => {
            if written != expected.as_slice() {
                return Err(format!(
                    "the export file holds {} bytes, the whole export is {} bytes",
                    written.len(),
                    expected.len()
                ));
            }
        }
    }
    Ok(())
}

/// What must hold after any kill: SQLite's checks, one Owner per organization, the
/// search index in step, and a normal operation that works.
fn check_store(core: &Rolecall, someone: &Person, round: usize) -> Result<(), String> {
    let integrity: Vec<String> = query(core, |c| {
        let mut stmt = c.prepare("PRAGMA integrity_check")?;
        stmt.query_map([], |r| r.get(0))?.collect()
    })?;
    if integrity != ["ok"] {
        return Err(format!("integrity_check: {integrity:?}"));
    }
    let dangling: i64 = query(core, |c| {
        c.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
    })?;
    if dangling != 0 {
        return Err(format!("{dangling} rows break foreign keys"));
    }
    let owners: Vec<(String, i64)> = query(core, |c| {
        let mut stmt = c.prepare(
            "SELECT o.name, (SELECT count(*) FROM memberships m WHERE m.org_id = o.id AND m.is_owner = 1) AS n
             FROM organizations o WHERE n <> 1",
        )?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect()
    })?;
    if !owners.is_empty() {
        return Err(format!(
            "organizations without exactly one Owner: {owners:?}"
        ));
    }
    query(core, |c| {
        c.execute(
            "INSERT INTO members_search (members_search) VALUES ('integrity-check')",
            [],
        )
    })
    .map_err(|e| format!("the members search index: {e}"))?;
    let org = core
        .create_organization(
            &someone.id,
            &CreateOrganization {
                name: format!("After crash {round}"),
                slug: String::new(),
            },
        )
        .map_err(|e| format!("creating an organization after the kill: {e}"))?;
    let page = core
        .list_members(&someone.id, &org.id, &MemberQuery::default())
        .map_err(|e| format!("listing members after the kill: {e}"))?;
    if page.rows.len() != 1 {
        return Err(format!(
            "a new organization lists {} members",
            page.rows.len()
        ));
    }
    Ok(())
}
