//! Benchmark of the Word report: a synthetic assessment of 300 questions (every one answered,
//! with a note, evidence on every third), written as `.docx` in process. Prints the median and
//! the slowest of the runs and the size; the target is well under a second.
//!
//! `cargo bench -p ziping-report --bench docx` (or `--profile dev` for a quick debug figure).

#![allow(clippy::unwrap_used)]

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use questionnaires::Lang;
use ziping_report::{RenderOptions, docx};

const QUESTIONS: usize = 300;
const RUNS: usize = 20;

fn main() {
    let input = common::synthetic(QUESTIONS);
    let options = RenderOptions {
        lang: Lang::Zh,
        generated_at: common::GENERATED_AT,
        report_id: None,
    };
    let first = docx(&input, &options).unwrap();
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let started = Instant::now();
            let again = docx(&input, &options).unwrap();
            let elapsed = started.elapsed();
            assert!(again == first, "the same input must give the same bytes");
            elapsed
        })
        .collect();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "docx, {QUESTIONS} questions: median {:.1} ms, slowest {:.1} ms of {RUNS} runs; {} bytes \
         (target: well under 1000 ms)",
        ms(times[RUNS / 2]),
        ms(times[RUNS - 1]),
        first.len()
    );
}
