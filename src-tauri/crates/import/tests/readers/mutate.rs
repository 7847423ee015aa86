//! Fuzzing on stable: seeded mutations of raw bytes and of the fixtures' structure
//! (lines, cells, delimiters, encodings, JSON values), fed to every reader. Shared by
//! the short run in the tests and `examples/fuzz.rs` (the long run).

use rolecall_import::{Field, Mapping, Options, Row, Source, read};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::time::Instant;

/// The fixtures, as seeds.
pub fn seeds() -> Vec<(String, Vec<u8>)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out = Vec::new();
    let mut dirs = vec![root.clone()];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if let Ok(bytes) = std::fs::read(&path) {
                let name = path
                    .strip_prefix(&root)
                    .unwrap_or(&path)
                    .display()
                    .to_string();
                out.push((name, bytes));
            }
        }
    }
    out.sort();
    out
}

const TOKENS: &[&[u8]] = &[
    b"\0",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xfe\xff",
    b"\"",
    b"\"\"",
    b"\r",
    b"\n",
    b"\r\n",
    b",",
    b";",
    b"\t",
    b"|",
    b"\xc3",
    b"\xff",
    b"\x80",
    b"{",
    b"}",
    b"[",
    b"]",
    b":",
    b"null",
    b"true",
    b"1e999",
    b"-0",
    b"99999999999999999999999",
    b"\\u0000",
    b"\\ud800",
    b"=HYPERLINK(\"x\")",
    b"@",
    b"sep=;",
    b"Never logged in",
    b"2024/13/45 25:61:61",
    b"9999-12-31T23:59:59Z",
    b"urn:ietf:params:scim:schemas:core:2.0:User",
    b"\"schema_version\": 1",
    b"\"login\":",
    b"Email Address [Required]",
    b"a@b.co",
    b"\xe2\x80\xae",
    b"\xf0\x9f\x98\x80",
];

/// One mutated copy of `seed`.
pub fn mutate(rng: &mut fastrand::Rng, seed: &[u8], others: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut data = seed.to_vec();
    for _ in 0..rng.usize(1..=4) {
        data = mutate_once(rng, data, others);
        if data.len() > 1 << 20 {
            data.truncate(1 << 20);
        }
    }
    data
}

fn lines(data: &[u8]) -> Vec<Vec<u8>> {
    data.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect()
}

fn join(lines: Vec<Vec<u8>>) -> Vec<u8> {
    lines.join(&b'\n')
}

fn mutate_once(
    rng: &mut fastrand::Rng,
    mut data: Vec<u8>,
    others: &[(String, Vec<u8>)],
) -> Vec<u8> {
    let len = data.len();
    let at = |rng: &mut fastrand::Rng| if len == 0 { 0 } else { rng.usize(0..=len) };
    match rng.u8(0..16) {
        0 => {
            if len > 0 {
                let i = rng.usize(0..len);
                data[i] ^= 1 << rng.u8(0..8);
            }
        }
        1 => {
            let i = at(rng);
            let token = TOKENS[rng.usize(0..TOKENS.len())];
            data.splice(i..i, token.iter().copied());
        }
        2 => {
            if len > 0 {
                let i = rng.usize(0..len);
                let j = (i + rng.usize(0..64)).min(len);
                data.drain(i..j);
            }
        }
        3 => data.truncate(at(rng)),
        4 => {
            let mut l = lines(&data);
            if !l.is_empty() {
                let i = rng.usize(0..l.len());
                l.remove(i);
            }
            data = join(l);
        }
        5 => {
            let mut l = lines(&data);
            if !l.is_empty() {
                let i = rng.usize(0..l.len());
                let copy = l[i].clone();
                l.insert(rng.usize(0..=l.len()), copy);
            }
            data = join(l);
        }
        6 => {
            let mut l = lines(&data);
            if l.len() > 1 {
                let (i, j) = (rng.usize(0..l.len()), rng.usize(0..l.len()));
                l.swap(i, j);
            }
            data = join(l);
        }
        7 => {
            let (from, to) = [
                (b',', b';'),
                (b',', b'\t'),
                (b';', b','),
                (b'\t', b','),
                (b',', b'|'),
            ][rng.usize(0..5)];
            for b in data.iter_mut() {
                if *b == from {
                    *b = to;
                }
            }
        }
        8 => {
            // Cut one line's cells or add some.
            let mut l = lines(&data);
            if !l.is_empty() {
                let i = rng.usize(0..l.len());
                let line = &mut l[i];
                if rng.bool() {
                    line.truncate(rng.usize(0..=line.len()));
                } else {
                    line.extend_from_slice(b",x,\"y\nz\",");
                }
            }
            data = join(l);
        }
        9 => {
            // Re-encode as UTF-16 (LE or BE, with or without a byte-order mark).
            let text = String::from_utf8_lossy(&data).into_owned();
            let le = rng.bool();
            let mut out = Vec::with_capacity(text.len() * 2 + 2);
            if rng.bool() {
                out.extend_from_slice(if le { b"\xff\xfe" } else { b"\xfe\xff" });
            }
            for u in text.encode_utf16() {
                out.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
            }
            data = out;
        }
        10 => {
            // A JSON value replaced by another of any type.
            let values: &[&[u8]] = &[
                b"null", b"true", b"1e999", b"\"\"", b"[]", b"{}", b"[{}]", b"-1", b"\"x@y\"",
            ];
            if let Some(i) = (0..8)
                .map(|_| at(rng))
                .find(|i| data.get(*i) == Some(&b':'))
            {
                let end = data[i..]
                    .iter()
                    .position(|b| matches!(b, b',' | b'}' | b']'))
                    .map_or(data.len(), |p| i + p);
                let v = values[rng.usize(0..values.len())];
                data.splice(i + 1..end, v.iter().copied());
            }
        }
        11 => {
            // Deep nesting.
            let depth = rng.usize(1..300);
            let i = at(rng);
            let mut nest = vec![b'['; depth];
            nest.extend(std::iter::repeat_n(b']', rng.usize(0..=depth)));
            data.splice(i..i, nest);
        }
        12 => {
            // Splice in a piece of another fixture.
            if !others.is_empty() {
                let other = &others[rng.usize(0..others.len())].1;
                if !other.is_empty() {
                    let a = rng.usize(0..other.len());
                    let b = (a + rng.usize(0..512)).min(other.len());
                    let i = at(rng);
                    data.splice(i..i, other[a..b].iter().copied());
                }
            }
        }
        13 => {
            // Random bytes.
            let i = at(rng);
            let n = rng.usize(1..32);
            let bytes: Vec<u8> = (0..n).map(|_| rng.u8(..)).collect();
            data.splice(i..i, bytes);
        }
        14 => {
            // An unbalanced quote in a random line.
            let mut l = lines(&data);
            if !l.is_empty() {
                let i = rng.usize(0..l.len());
                let j = rng.usize(0..=l[i].len());
                l[i].insert(j, b'"');
            }
            data = join(l);
        }
        _ => {
            // Everything read as Windows-1252 high bytes.
            for b in data.iter_mut() {
                if *b >= 0xc0 && rng.u8(0..4) == 0 {
                    *b = 0xeb;
                }
            }
        }
    }
    data
}

/// The options a reader is fuzzed with (None: detection).
pub fn options(reader: Option<Source>) -> Options {
    Options {
        source: reader,
        mapping: (reader == Some(Source::Mapped)).then(|| Mapping {
            columns: vec![
                (Field::Email, "Work e-mail".into()),
                (Field::FirstName, "Given name".into()),
                (Field::LastName, "Family name".into()),
                (Field::Status, "Active?".into()),
                (Field::LastSignIn, "Last seen".into()),
                (Field::Role, "Team".into()),
            ],
        }),
        file_name: None,
    }
}

/// Reads `bytes`; Err describes a broken promise (an empty message, counts that do
/// not add up).
pub fn check(bytes: &[u8], reader: Option<Source>) -> Result<(), String> {
    let mut people = 0u64;
    let mut problems = 0u64;
    let mut bad = None;
    let result = read(bytes, &options(reader), &mut |row| {
        match row {
            Row::Person(p) => {
                people += 1;
                if p.line == 0 || p.email.trim().is_empty() {
                    bad = Some(format!("person without line or e-mail: {p:?}"));
                }
            }
            Row::Problem(p) => {
                problems += 1;
                if p.message.trim().is_empty() || p.line == 0 {
                    bad = Some(format!("problem without message or line: {p:?}"));
                }
            }
        }
        Ok(())
    });
    if let Some(bad) = bad {
        return Err(bad);
    }
    match result {
        Ok(summary) if summary.people != people || summary.problems != problems => Err(format!(
            "summary counts {}/{} but the sink saw {people}/{problems}",
            summary.people, summary.problems
        )),
        Ok(_) => Ok(()),
        Err(e) if e.to_string().trim().is_empty() => Err(format!("error without message: {e:?}")),
        Err(_) => Ok(()),
    }
}

/// What a run did.
#[derive(Debug, Default, Clone, Copy)]
pub struct Figures {
    pub iterations: u64,
    pub panics: u64,
    pub broken: u64,
}

/// Fuzzes one reader (None: detection) until `until`, or for `max` iterations.
pub fn run(
    reader: Option<Source>,
    seed: u64,
    until: Instant,
    max: u64,
    mut failure: impl FnMut(&str, &[u8]),
) -> Figures {
    let seeds = seeds();
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut figures = Figures::default();
    while figures.iterations < max && Instant::now() < until {
        let (_, base) = &seeds[rng.usize(0..seeds.len())];
        let data = if rng.u8(0..16) == 0 {
            (0..rng.usize(0..2048)).map(|_| rng.u8(..)).collect()
        } else {
            mutate(&mut rng, base, &seeds)
        };
        figures.iterations += 1;
        match catch_unwind(AssertUnwindSafe(|| check(&data, reader))) {
            Ok(Ok(())) => {}
            Ok(Err(why)) => {
                figures.broken += 1;
                failure(&why, &data);
            }
            Err(_) => {
                figures.panics += 1;
                failure("panic", &data);
            }
        }
    }
    figures
}

/// Every reader to fuzz: each source override, and detection.
pub fn readers() -> Vec<Option<Source>> {
    std::iter::once(None)
        .chain(Source::all().iter().copied().map(Some))
        .collect()
}
