//! Renders the benchmark's full report (the bundled questionnaire, every question answered, with
//! notes, evidence, plan and previous cycle, zh-CN) and prints its size, page count and what the
//! bytes are spent on: embedded fonts, page content streams, the rest. Size does not depend on
//! the build profile, so a debug build answers in seconds where the benchmark takes minutes.
//!
//! `cargo run -p ziping-report --example report_size [-- OUT.pdf]`

#![allow(clippy::unwrap_used)]

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::Instant;

use questionnaires::Lang;
use ziping_report::{Fonts, RenderOptions, render};

fn main() {
    let (input, source) = common::full_input();
    let fonts = Fonts::from_system().expect("the report needs Noto Sans CJK (fonts-noto-cjk)");
    let options = RenderOptions {
        lang: Lang::Zh,
        generated_at: common::GENERATED_AT,
        report_id: None,
    };
    let started = Instant::now();
    let pdf = render(&input, &fonts, &options).unwrap();
    let elapsed = started.elapsed();
    if let Some(out) = std::env::args().nth(1) {
        std::fs::write(&out, &pdf).unwrap();
    }

    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let pages = doc.get_pages();
    let contents: std::collections::BTreeSet<lopdf::ObjectId> = pages
        .values()
        .filter_map(|&p| doc.get_dictionary(p).ok())
        .filter_map(|d| {
            d.get(b"Contents")
                .and_then(lopdf::Object::as_reference)
                .ok()
        })
        .collect();
    let (mut font_files, mut content_bytes, mut content_raw) = (Vec::new(), 0usize, 0usize);
    for (id, object) in &doc.objects {
        let lopdf::Object::Stream(stream) = object else {
            continue;
        };
        if contents.contains(id) {
            content_bytes += stream.content.len();
            content_raw += stream.decompressed_content().map_or(0, |c| c.len());
        } else if stream.dict.get(b"Subtype").is_ok_and(|s| {
            s.as_name()
                .is_ok_and(|n| n == b"CIDFontType0C" || n == b"OpenType")
        }) || stream.dict.get(b"Length1").is_ok()
        {
            font_files.push((*id, stream.content.len()));
        }
    }
    println!("{source}, zh-CN, rendered in {elapsed:.2?} (this profile)");
    println!(
        "size {} bytes = {:.1} KB, {} pages",
        pdf.len(),
        pdf.len() as f64 / 1024.0,
        pages.len()
    );
    for (id, len) in &font_files {
        println!(
            "  font file {} {}: {:.1} KB",
            id.0,
            id.1,
            *len as f64 / 1024.0
        );
    }
    println!(
        "  page content streams: {:.1} KB compressed, {:.1} KB raw",
        content_bytes as f64 / 1024.0,
        content_raw as f64 / 1024.0
    );
}
