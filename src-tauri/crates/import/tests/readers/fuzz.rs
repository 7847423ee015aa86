use crate::mutate::{readers, run};
use std::time::{Duration, Instant};

#[test]
fn r51_fuzz_short_run_every_reader_never_panics_and_always_explains() {
    // A few seconds in all: the long run is `cargo run -p rolecall-import --release
    // --example fuzz -- --minutes 30 --reader google_workspace`.
    let per_reader = Duration::from_millis(if cfg!(debug_assertions) { 400 } else { 250 });
    let mut failures = Vec::new();
    for (i, reader) in readers().into_iter().enumerate() {
        let figures = run(
            reader,
            0x5eed + i as u64,
            Instant::now() + per_reader,
            u64::MAX,
            |why, data| {
                failures.push(format!(
                    "{reader:?}: {why}: {:?}",
                    String::from_utf8_lossy(&data[..data.len().min(300)])
                ));
            },
        );
        assert!(figures.iterations > 10, "{reader:?}: {figures:?}");
        assert_eq!(
            (figures.panics, figures.broken),
            (0, 0),
            "{reader:?}: {failures:#?}"
        );
    }
}
