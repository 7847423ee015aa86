use crate::common::fixture;
use rolecall_import::{Cancelled, Error, Options, Row, Source, neutralise_cell, read, read_all};

fn error_of(bytes: &[u8]) -> Error {
    match read_all(bytes, &Options::default()) {
        Err(e) => e,
        Ok((s, p, q)) => panic!("read: {s:?} {p:?} {q:?}"),
    }
}

#[test]
fn r51_bad_files_are_clear_errors() {
    let table: &[(&[u8], &str)] = &[
        (b"", "The file is empty"),
        (b" \r\n\t\n", "The file is empty"),
        (&fixture("other/binary-renamed.csv"), "not a text file"),
        (&fixture("other/not-scim.json"), "not a SCIM 2.0 list of users"),
        (&fixture("other/unknown-columns.csv"), "Line 1: Rolecall does not recognise these columns (Id, Vorname, Nachname, Farbe)"),
        (&fixture("google/header-only.csv"), "no people"),
        (b"{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:ListResponse\"],\"Resources\":[]}", "no people"),
        (b"{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:ListResponse\"],\n\"Resources\":[{\"userName\": }]}", "Line 2, column"),
        (b"\xef\xbb\xbf", "The file is empty"),
        (b"\xff\xfe", "The file is empty"),
    ];
    for (bytes, want) in table {
        let e = error_of(bytes);
        assert!(e.to_string().contains(want), "{want}: {e}");
    }
}

#[test]
fn r51_unrecognised_csv_names_the_columns_it_looked_for() {
    let e = error_of(&fixture("other/unknown-columns.csv"));
    let text = e.to_string();
    for name in [
        "Email Address [Required]",
        "userPrincipalName",
        "billing-active",
        "Last Password Change",
        "login",
    ] {
        assert!(text.contains(name), "{name}: {text}");
    }
    assert!(text.contains("Map the columns"));
}

#[test]
fn r51_a_sink_can_cancel_and_its_error_comes_back() {
    let bytes = fixture("google/users.csv");
    let mut seen = 0;
    let err = read(&bytes[..], &Options::default(), &mut |row| {
        if let Row::Person(_) = row {
            seen += 1;
        }
        if seen == 3 {
            Err(Cancelled.into())
        } else {
            Ok(())
        }
    })
    .expect_err("cancelled");
    assert!(err.is_cancelled(), "{err}");
    assert_eq!(seen, 3);
    // JSON too.
    let bytes = fixture("scim/list-response.json");
    let err = read(&bytes[..], &Options::default(), &mut |_| {
        Err(Cancelled.into())
    })
    .expect_err("cancelled");
    assert!(err.is_cancelled(), "{err}");
}

#[test]
fn r51_formula_cells_are_read_as_text_and_neutralised_when_written() {
    let file = "username,email,status,billing-active,has-2fa,has-sso,userid,fullname,displayname,expiration-timestamp\n\
                eve,eve@example.com,Member,1,1,0,U1,\"=HYPERLINK(\"\"http://x\"\")\",@eve,\n";
    let (_, people, problems) = read_all(file.as_bytes(), &Options::default()).expect("read");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(people[0].first_name, "=HYPERLINK(\"http://x\")");
    let table = [
        ("=1+2", "'=1+2"),
        ("+44 20", "'+44 20"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Ann", "Ann"),
        ("", ""),
        ("a=b", "a=b"),
    ];
    for (cell, want) in table {
        assert_eq!(neutralise_cell(cell), want, "{cell:?}");
    }
}

#[test]
fn r51_every_reader_handles_short_long_and_blank_rows() {
    let file = "login,firstName,lastName,email\n\
                ann@example.com,Ann,Lee,ann@example.com\n\
                \n\
                ,,,\n\
                bob@example.com,Bob\n\
                cy@example.com,Cy,Young,cy@example.com,,\n\
                di@example.com,Di,Ross,di@example.com,extra\n";
    let (summary, people, problems) = read_all(file.as_bytes(), &Options::default()).expect("read");
    assert_eq!(summary.source, Source::OktaUsers);
    assert_eq!(people.iter().map(|p| p.line).collect::<Vec<_>>(), [2, 6]);
    assert_eq!(problems.iter().map(|p| p.line).collect::<Vec<_>>(), [5, 7]);
}

#[test]
fn r51_a_json_file_over_the_limit_is_refused_not_read() {
    // The limit is documented and large; check the message, not 512 MB of input.
    let e = Error::TooLarge {
        limit_mb: rolecall_import::JSON_LIMIT / (1024 * 1024),
    };
    assert!(e.to_string().contains("512 MB"), "{e}");
}

#[test]
fn r46_a_million_rows_stream_without_holding_the_file() {
    // A generated Google Workspace file, read through a reader that makes rows on the
    // fly: memory stays at the pipeline's small per-person keys.
    struct Rows {
        next: u64,
        total: u64,
        buf: Vec<u8>,
        pos: usize,
    }
    impl std::io::Read for Rows {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            if self.pos >= self.buf.len() {
                if self.next > self.total {
                    return Ok(0);
                }
                self.buf.clear();
                self.pos = 0;
                if self.next == 0 {
                    self.buf.extend_from_slice(b"First Name [Required],Last Name [Required],Email Address [Required],Org Unit Path [Required],Status [READ ONLY],Last Sign In [READ ONLY],2sv Enrolled [READ ONLY]\n");
                } else {
                    let n = self.next;
                    self.buf.extend_from_slice(
                        format!("P{n},Q{n},p{n}@example.com,/,Active,2024/05/30 08:15:02,True\n")
                            .as_bytes(),
                    );
                }
                self.next += 1;
            }
            let n = out.len().min(self.buf.len() - self.pos);
            out[..n].copy_from_slice(&self.buf[self.pos..self.pos + n]);
            self.pos += n;
            Ok(n)
        }
    }
    let total = if cfg!(debug_assertions) {
        100_000
    } else {
        1_000_000
    };
    let input = Rows {
        next: 0,
        total,
        buf: Vec::new(),
        pos: 0,
    };
    let mut people = 0u64;
    let mut last_line = 0;
    let summary = read(input, &Options::default(), &mut |row| {
        if let Row::Person(p) = row {
            people += 1;
            last_line = p.line;
        }
        Ok(())
    })
    .expect("read");
    assert_eq!((summary.people, people), (total, total));
    assert_eq!(last_line, total + 1);
}
