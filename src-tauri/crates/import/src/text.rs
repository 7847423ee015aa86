//! From bytes to text: the encoding (byte-order mark, UTF-16 without one, UTF-8, else
//! Windows-1252), binary files, and a decoding reader for the whole stream.

use crate::{Error, HEAD_LEN};
use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};
use encoding_rs_io::DecodeReaderBytesBuilder;
use std::io::Read;

/// Reads up to [`HEAD_LEN`] bytes (fewer only at the end of the input).
pub fn read_head(input: &mut dyn Read) -> Result<Vec<u8>, Error> {
    let mut head = Vec::with_capacity(HEAD_LEN);
    input.take(HEAD_LEN as u64).read_to_end(&mut head)?;
    Ok(head)
}

/// The first bytes of a file, decoded.
pub struct Head {
    pub encoding: &'static Encoding,
    /// The encoding was guessed without a byte-order mark and was not UTF-8.
    pub guessed: bool,
    /// The head as text, without a byte-order mark (a character cut at the end is
    /// dropped).
    pub text: String,
}

impl Head {
    pub fn analyse(head: &[u8]) -> Result<Head, Error> {
        let (encoding, guessed) = match Encoding::for_bom(head) {
            Some((encoding, _)) => (encoding, false),
            None => sniff(head),
        };
        if let Some(offset) = (encoding == WINDOWS_1252 || encoding == UTF_8)
            .then(|| binary_at(head))
            .flatten()
        {
            return Err(Error::NotText { offset });
        }
        let (text, _) = encoding.decode_with_bom_removal(head);
        let mut text = text.into_owned();
        // A character cut by the end of the head decodes as U+FFFD: drop it.
        if head.len() >= HEAD_LEN {
            while text.ends_with('\u{FFFD}') {
                text.pop();
            }
        }
        if (encoding == UTF_16LE || encoding == UTF_16BE) && text.contains('\0') {
            let offset = text.find('\0').unwrap_or(0) as u64;
            return Err(Error::NotText { offset });
        }
        if text.trim().is_empty() {
            return Err(Error::Empty);
        }
        Ok(Head {
            encoding,
            guessed,
            text,
        })
    }

    /// Where JSON starts (`{` or `[` as the first character that is not white space).
    pub fn json_start(&self) -> Option<char> {
        self.text
            .trim_start()
            .chars()
            .next()
            .filter(|c| matches!(c, '{' | '['))
    }

    /// The note for the summary about the encoding, when it was not plain UTF-8.
    pub fn note(&self) -> Option<String> {
        if self.encoding == UTF_8 {
            None
        } else if self.guessed {
            Some(format!(
                "Read as {} (the file is not UTF-8 and has no byte-order mark).",
                self.encoding.name()
            ))
        } else {
            Some(format!("Read as {}.", self.encoding.name()))
        }
    }

    /// A reader of the whole input (head included) as UTF-8 without a byte-order mark;
    /// bytes that do not decode become U+FFFD.
    pub fn decoder<R: Read>(&self, input: R) -> impl Read + use<R> {
        DecodeReaderBytesBuilder::new()
            .encoding(Some(self.encoding))
            .bom_override(true)
            .strip_bom(true)
            .build(input)
    }
}

/// UTF-16 without a mark (every other byte NUL in mostly-ASCII text), UTF-8, else
/// Windows-1252.
fn sniff(head: &[u8]) -> (&'static Encoding, bool) {
    let pairs = head.len() / 2;
    if pairs >= 2 {
        let even_nul = head.iter().step_by(2).filter(|b| **b == 0).count();
        let odd_nul = head.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
        if odd_nul * 10 >= pairs * 6 && even_nul * 10 <= pairs {
            return (UTF_16LE, true);
        }
        if even_nul * 10 >= pairs * 6 && odd_nul * 10 <= pairs {
            return (UTF_16BE, true);
        }
    }
    match std::str::from_utf8(head) {
        Ok(_) => (UTF_8, false),
        // Cut in the middle of a character at the end of the head: still UTF-8.
        Err(e) if e.error_len().is_none() && head.len() >= HEAD_LEN => (UTF_8, false),
        Err(_) => (WINDOWS_1252, true),
    }
}

/// The offset of the first byte that no text file has: NUL, or a run of control
/// characters other than tab, line feed, carriage return and form feed.
fn binary_at(head: &[u8]) -> Option<u64> {
    if let Some(i) = head.iter().position(|b| *b == 0) {
        return Some(i as u64);
    }
    let control = |b: &u8| *b < 0x20 && !matches!(*b, b'\t' | b'\n' | b'\r' | 0x0c);
    let count = head.iter().filter(|b| control(b)).count();
    if count > 8 && count * 100 > head.len() {
        return head.iter().position(control).map(|i| i as u64);
    }
    None
}
