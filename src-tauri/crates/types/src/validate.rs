//! Validation rules shared by the core (which enforces them) and the UI (which shows
//! them inline as the admin types). Each check returns the trimmed, normalised value or
//! a message that says what is wrong and what to do.

/// A failed check: which input and what to tell the admin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub field: &'static str,
    pub message: String,
}

impl Invalid {
    pub fn new(field: &'static str, message: impl Into<String>) -> Invalid {
        Invalid {
            field,
            message: message.into(),
        }
    }
}

pub type Checked<T> = Result<T, Invalid>;

pub const PERSON_NAME_MAX: usize = 60;
pub const EMAIL_MAX: usize = 254;
pub const PHONE_MAX: usize = 32;
pub const PASSWORD_MIN: usize = 8;
pub const PASSWORD_MAX: usize = 1024;
pub const ORG_NAME_MAX: usize = 100;
pub const DESCRIPTION_MAX: usize = 500;
pub const SLUG_MIN: usize = 2;
pub const SLUG_MAX: usize = 48;
pub const WORKSPACE_NAME_MAX: usize = 100;
pub const ROLE_NAME_MAX: usize = 40;
pub const AGENT_NAME_MAX: usize = 100;
pub const AGENT_TEXT_MAX: usize = 20_000;
pub const TOP_UP_MAX: i64 = 1_000_000_000;
/// An access review campaign's name (R53).
pub const CAMPAIGN_NAME_MAX: usize = 200;
/// A reviewer's comment on one decision (R53).
pub const REVIEW_COMMENT_MAX: usize = 1000;
/// The statement a reviewer signs a campaign off with (R54).
pub const SIGN_OFF_STATEMENT_MAX: usize = 2000;
/// The largest image file accepted as an avatar (R1, R10), checked by the window before
/// it reads the file and by the core again.
pub const AVATAR_MAX_BYTES: u64 = 5 * 1024 * 1024;

fn chars(s: &str) -> usize {
    s.chars().count()
}

/// Why a character has no place in text people read, if it has none: `control`
/// characters (a NUL, a bell; line breaks and tabs too unless `multiline`),
/// characters that change the text's `direction`, and `invisible` ones.
fn unwelcome(text: &str, multiline: bool) -> Option<(char, &'static str)> {
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let control = (c.is_control() && !(multiline && matches!(c, '\n' | '\r' | '\t')))
            || matches!(c, '\u{2028}' | '\u{2029}');
        if control {
            return Some((c, "control"));
        }
        if matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        {
            return Some((c, "direction"));
        }
        if multiline {
            continue;
        }
        let invisible = matches!(
            c,
            '\u{00AD}' | '\u{034F}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
                | '\u{180B}'..='\u{180F}' | '\u{200B}' | '\u{2060}'..='\u{2064}'
                | '\u{206A}'..='\u{206F}' | '\u{3164}' | '\u{FEFF}' | '\u{FFA0}'
                | '\u{FFF9}'..='\u{FFFB}' | '\u{1D173}'..='\u{1D17A}' | '\u{E0000}'..='\u{E007F}'
        );
        // Joiners belong inside emoji sequences and scripts that need them (Persian,
        // the Indic scripts): between two visible characters outside ASCII.
        let joiner = matches!(c, '\u{200C}' | '\u{200D}') && {
            let shows = |n: Option<&char>| {
                n.is_some_and(|n| !n.is_ascii() && !n.is_whitespace() && !n.is_control())
            };
            !(i > 0 && shows(chars.get(i - 1)) && shows(chars.get(i + 1)))
        };
        if invisible || joiner {
            return Some((c, "invisible"));
        }
    }
    None
}

/// The alphabet of a letter, for the three that share look-alike letters.
fn alphabet(c: char) -> Option<&'static str> {
    match c {
        'a'..='z' | 'A'..='Z' | '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}'
            if c.is_alphabetic() =>
        {
            Some("Latin")
        }
        '\u{0370}'..='\u{03FF}' | '\u{1F00}'..='\u{1FFF}' if c.is_alphabetic() => Some("Greek"),
        '\u{0400}'..='\u{052F}'
        | '\u{1C80}'..='\u{1C8F}'
        | '\u{2DE0}'..='\u{2DFF}'
        | '\u{A640}'..='\u{A69F}'
            if c.is_alphabetic() =>
        {
            Some("Cyrillic")
        }
        _ => None,
    }
}

/// A word that mixes Latin, Greek and Cyrillic letters ("Оwner" with a Cyrillic О):
/// the two alphabets and the word.
fn mixed_alphabets(text: &str) -> Option<(&'static str, &'static str, &str)> {
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        let mut first = None;
        for c in word.chars() {
            let Some(this) = alphabet(c) else { continue };
            match first {
                None => first = Some(this),
                Some(seen) if seen != this => {
                    let (a, b) = if seen == "Latin" {
                        (seen, this)
                    } else {
                        (this, seen)
                    };
                    return Some((a, b, word));
                }
                Some(_) => {}
            }
        }
    }
    None
}

fn unwelcome_message(label: &str, c: char, why: &str) -> String {
    let code = format!("U+{:04X}", c as u32);
    match why {
        "control" => format!(
            "{label} cannot contain control characters (it has {code}{}); remove it.",
            if c == '\n' || c == '\r' {
                ", a line break"
            } else if c == '\0' {
                ", a NUL"
            } else {
                ""
            }
        ),
        "direction" => format!(
            "{label} cannot contain characters that change the text direction (it has {code}): they make text read differently from what it is."
        ),
        _ => format!(
            "{label} cannot contain invisible characters (it has {code}): they make one name look like another."
        ),
    }
}

/// A name, label or other one-line text people read and tell apart (R1, R10, R27):
/// no control characters, no direction overrides, no invisible characters, and no word
/// mixing Latin with Cyrillic or Greek letters.
pub fn readable_line(field: &'static str, label: &str, value: &str) -> Checked<()> {
    if let Some((c, why)) = unwelcome(value, false) {
        return Err(Invalid::new(field, unwelcome_message(label, c, why)));
    }
    if let Some((a, b, word)) = mixed_alphabets(value) {
        return Err(Invalid::new(
            field,
            format!(
                "{label} mixes {a} and {b} letters in one word ('{word}'), which makes it look like another; write each word in one alphabet."
            ),
        ));
    }
    Ok(())
}

/// A longer text (descriptions, notes): line breaks and tabs are fine; control
/// characters such as a NUL and direction overrides are not.
pub fn readable_text(field: &'static str, label: &str, value: &str) -> Checked<()> {
    match unwelcome(value, true) {
        Some((c, why)) => Err(Invalid::new(field, unwelcome_message(label, c, why))),
        None => Ok(()),
    }
}

/// A search typed into a list: any text but control characters (a NUL would break
/// the search itself).
pub fn search(value: &str) -> Checked<()> {
    match value.chars().find(|c| c.is_control()) {
        Some(c) => Err(Invalid::new(
            "search",
            format!(
                "A search cannot contain control characters (it has U+{:04X}).",
                c as u32
            ),
        )),
        None => Ok(()),
    }
}

/// A required, trimmed, one-line text of 1..=max characters that people can read
/// ([`readable_line`]).
pub fn required_text(field: &'static str, label: &str, value: &str, max: usize) -> Checked<String> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(Invalid::new(field, format!("{label} is required.")));
    }
    readable_line(field, label, trimmed)?;
    let n = chars(trimmed);
    if n > max {
        return Err(Invalid::new(
            field,
            format!("{label} can be at most {max} characters (this one has {n})."),
        ));
    }
    Ok(trimmed.to_string())
}

/// An optional text of at most `max` characters, kept verbatim ([`readable_text`]).
pub fn optional_text(field: &'static str, label: &str, value: &str, max: usize) -> Checked<String> {
    readable_text(field, label, value)?;
    let n = chars(value);
    if n > max {
        return Err(Invalid::new(
            field,
            format!("{label} can be at most {max} characters (this one has {n})."),
        ));
    }
    Ok(value.to_string())
}

/// First or last name (R1): 1–60 characters, trimmed.
pub fn person_name(field: &'static str, label: &str, value: &str) -> Checked<String> {
    required_text(field, label, value, PERSON_NAME_MAX)
}

/// Phone (R1): optional, at most 32 characters, trimmed.
pub fn phone(value: &str) -> Checked<String> {
    let trimmed = value.trim();
    readable_line("phone", "Phone", trimmed)?;
    optional_text("phone", "Phone", trimmed, PHONE_MAX).map(|_| trimmed.to_string())
}

/// E-mail (R1): trimmed, lower-cased, at most 254 characters, `local@domain.tld`.
pub fn email(value: &str) -> Checked<String> {
    let email = value.trim().to_lowercase();
    let bad = |why: &str| {
        Err(Invalid::new(
            "email",
            format!("'{}' is not a valid e-mail address: {why}.", value.trim()),
        ))
    };
    if email.is_empty() {
        return Err(Invalid::new("email", "E-mail is required."));
    }
    if chars(&email) > EMAIL_MAX {
        return Err(Invalid::new(
            "email",
            format!("An e-mail address can be at most {EMAIL_MAX} characters."),
        ));
    }
    let Some((local, domain)) = email.rsplit_once('@') else {
        return bad("it needs an @, as in name@example.com");
    };
    if local.is_empty() || chars(local) > 64 {
        return bad("the part before @ must have 1 to 64 characters");
    }
    let local_ok = local.chars().all(|c| {
        c.is_ascii_alphanumeric()
            || "!#$%&'*+/=?^_`{|}~.-".contains(c)
            || (!c.is_ascii() && c.is_alphanumeric())
    });
    if !local_ok || local.starts_with('.') || local.ends_with('.') || local.contains("..") {
        return bad("the part before @ has characters an address cannot have");
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 {
        return bad("the domain needs a dot, as in example.com");
    }
    for label in &labels {
        let label_ok = !label.is_empty()
            && chars(label) <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| {
                c.is_ascii_alphanumeric() || c == '-' || (!c.is_ascii() && c.is_alphanumeric())
            });
        if !label_ok {
            return bad("the domain after @ is not valid");
        }
    }
    if labels.last().is_some_and(|tld| {
        chars(tld) < 2 || !(tld.chars().all(char::is_alphabetic) || tld.starts_with("xn--"))
    }) {
        return bad("the domain must end in a name such as .com");
    }
    Ok(email)
}

/// Password (R2): 8–1024 characters, kept verbatim.
pub fn password(field: &'static str, value: &str) -> Checked<()> {
    let n = chars(value);
    if n < PASSWORD_MIN {
        return Err(Invalid::new(
            field,
            format!("The password must have at least {PASSWORD_MIN} characters."),
        ));
    }
    if n > PASSWORD_MAX {
        return Err(Invalid::new(
            field,
            format!("The password can be at most {PASSWORD_MAX} characters."),
        ));
    }
    Ok(())
}

/// Organization name (R10): required, trimmed, 1–100 characters.
pub fn org_name(value: &str) -> Checked<String> {
    required_text("name", "Organization name", value, ORG_NAME_MAX)
}

/// A slug the admin typed (R11): Latin letters, digits and single hyphens, 2–48
/// characters, not starting or ending with a hyphen; returned lower-cased.
pub fn slug(value: &str) -> Checked<String> {
    let slug = value.trim().to_ascii_lowercase();
    let n = slug.chars().count();
    let err = |m: String| Err(Invalid::new("slug", m));
    if !(SLUG_MIN..=SLUG_MAX).contains(&n) {
        return err(format!(
            "A slug has {SLUG_MIN} to {SLUG_MAX} characters (this one has {n})."
        ));
    }
    if let Some(c) = slug
        .chars()
        .find(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-'))
    {
        let shown = if c == ' ' {
            "spaces".to_string()
        } else {
            format!("'{c}'")
        };
        return err(format!(
            "A slug may contain only Latin letters, digits and hyphens, not {shown}."
        ));
    }
    if slug.starts_with('-') || slug.ends_with('-') {
        return err("A slug cannot start or end with a hyphen.".to_string());
    }
    if slug.contains("--") {
        return err("A slug cannot contain two hyphens in a row.".to_string());
    }
    Ok(slug)
}

/// The ASCII part of slug generation (R11), after transliteration: lower-case, every
/// run of other characters becomes one hyphen, hyphens trimmed, cut to 45 characters,
/// `org` when nothing is left. The core transliterates first (its tables are large).
pub fn slug_base_from_ascii(ascii: &str) -> String {
    let mut out = String::with_capacity(ascii.len());
    let mut pending_hyphen = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_hyphen && !out.is_empty() {
                out.push('-');
            }
            pending_hyphen = false;
            out.push(c.to_ascii_lowercase());
        } else {
            pending_hyphen = true;
        }
    }
    let mut cut: String = out.chars().take(45).collect();
    while cut.ends_with('-') {
        cut.pop();
    }
    if cut.len() < SLUG_MIN {
        "org".to_string()
    } else {
        cut
    }
}

/// Role name (R27): 1–40 characters, trimmed.
pub fn role_name(value: &str) -> Checked<String> {
    required_text("name", "Role name", value, ROLE_NAME_MAX)
}

/// Role level of a custom or template role (R27): 1–99.
pub fn role_level(level: i64) -> Checked<u8> {
    if (1..=99).contains(&level) {
        Ok(level as u8)
    } else {
        Err(Invalid::new(
            "level",
            format!("A role's level is 1 to 99 (100 is the Owner's); {level} is outside."),
        ))
    }
}

/// Top-up amount (R33): 1 to 1,000,000,000 minor units.
pub fn top_up_amount(amount: i64) -> Checked<i64> {
    if (1..=TOP_UP_MAX).contains(&amount) {
        Ok(amount)
    } else {
        Err(Invalid::new(
            "amount",
            format!("A top-up is between 1 and {TOP_UP_MAX} minor units; {amount} is not."),
        ))
    }
}

/// The size of an image chosen as an avatar (R1, R10): at most [`AVATAR_MAX_BYTES`].
pub fn avatar_size(bytes: u64) -> Checked<()> {
    if bytes <= AVATAR_MAX_BYTES {
        return Ok(());
    }
    Err(Invalid::new(
        "avatar",
        format!(
            "The image is {:.1} MB; avatars can be at most {} MB. Choose a smaller one.",
            bytes as f64 / (1024.0 * 1024.0),
            AVATAR_MAX_BYTES / (1024 * 1024)
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r1_r10_r27_names_refuse_control_direction_invisible_and_mixed_alphabet_characters() {
        let refused = [
            ("Owner\u{200B}", "invisible"),
            ("Ow\u{200D}ner", "invisible"),
            ("Owner \u{200D}", "invisible"),
            ("\u{202E}renwO", "direction"),
            ("Own\u{0}er", "control"),
            ("Two\nlines", "control"),
            ("\u{041E}wner", "Cyrillic"),
            ("\u{039F}wner", "Greek"),
        ];
        for (text, why) in refused {
            let e = required_text("name", "Name", text, 100).expect_err(text);
            assert!(e.message.contains(why), "{text:?}: {}", e.message);
            assert!(e.message.starts_with("Name "), "{}", e.message);
        }
        for fine in [
            "Zoë 👩\u{200D}💻",
            "\u{041E}льга",
            "Иван Smith",
            "می\u{200C}خواهم",
            "O'Brien-Smith",
        ] {
            assert_eq!(
                required_text("name", "Name", fine, 100).as_deref(),
                Ok(fine)
            );
        }
        assert!(optional_text("d", "Description", "a\n\tb \u{200B}", 100).is_ok());
        for bad in ["a\u{0}", "\u{202E}x", "\u{7}"] {
            assert!(
                optional_text("d", "Description", bad, 100).is_err(),
                "{bad:?}"
            );
        }
        assert!(search("ab\u{0}c").is_err());
        assert!(search("Zoë 'x' %_").is_ok());
    }

    #[test]
    fn r1_email_rules() {
        let ok = [
            ("  Ann@Example.COM ", "ann@example.com"),
            ("a.b+c@sub.example.io", "a.b+c@sub.example.io"),
        ];
        for (input, expected) in ok {
            assert_eq!(email(input).as_deref(), Ok(expected), "{input}");
        }
        let long = format!("{}@example.com", "a".repeat(250));
        for bad in [
            "",
            "ann",
            "ann@",
            "@example.com",
            "ann@example",
            "ann@@example.com",
            "ann @example.com",
            "ann@exa mple.com",
            "ann@-example.com",
            "ann..b@example.com",
            "ann@example.c0m1",
            "'; DROP TABLE x;--@a.com",
            long.as_str(),
        ] {
            assert!(email(bad).is_err(), "{bad:?} must be refused");
        }
    }

    #[test]
    fn r11_slug_rules() {
        assert_eq!(slug(" Acme-2 ").as_deref(), Ok("acme-2"));
        for bad in [
            "a",
            "acme corp",
            "café",
            "-acme",
            "acme-",
            "ac--me",
            "😀😀",
            &"a".repeat(49),
        ] {
            assert!(slug(bad).is_err(), "{bad:?} must be refused");
        }
        assert_eq!(
            slug_base_from_ascii("Cafe Unicode Ltd."),
            "cafe-unicode-ltd"
        );
        assert_eq!(slug_base_from_ascii("  --!!  "), "org");
        assert_eq!(
            slug_base_from_ascii(&"ab ".repeat(30)).len(),
            44,
            "cut to 45 then trailing hyphen trimmed"
        );
    }

    #[test]
    fn r10_org_name_bounds() {
        assert_eq!(org_name("  Acme  ").as_deref(), Ok("Acme"));
        assert!(org_name("   ").is_err());
        assert!(org_name(&"x".repeat(101)).is_err());
        assert!(
            org_name(&"é".repeat(100)).is_ok(),
            "100 characters, not bytes"
        );
    }

    #[test]
    fn r2_password_length() {
        assert!(password("password", "1234567").is_err());
        assert!(password("password", "12345678").is_ok());
        assert!(password("password", &"x".repeat(1025)).is_err());
    }

    #[test]
    fn r10_avatar_size_is_at_most_5_mb() {
        assert!(avatar_size(AVATAR_MAX_BYTES).is_ok());
        let e = avatar_size(6 * 1024 * 1024).expect_err("6 MB");
        assert_eq!(e.field, "avatar");
        assert!(
            e.message.contains("6.0 MB") && e.message.contains("at most 5 MB"),
            "{}",
            e.message
        );
        assert!(avatar_size(AVATAR_MAX_BYTES + 1).is_err());
    }
}
