//! Where pages break: no page but the last ends with a heading or a table header that has
//! nothing of its own under it, in the reports of the fixture and of both bundled
//! questionnaires, in Chinese and English.

#![allow(clippy::unwrap_used)]

mod common;

use common::{bundled_input, fixture, fonts, options};
use questionnaires::Lang;
use ziping_report::layout::Ending;
use ziping_report::report_pages;

#[test]
fn no_page_ends_with_a_heading_or_a_table_header_alone() {
    let inputs = [
        ("fixture", fixture()),
        (
            "miit-data-security",
            bundled_input("miit-data-security").unwrap(),
        ),
        (
            "app-pi-compliance",
            bundled_input("app-pi-compliance").unwrap(),
        ),
    ];
    let mut stranded = Vec::new();
    let mut pages = 0;
    for (name, input) in &inputs {
        for lang in [Lang::Zh, Lang::En] {
            let laid = report_pages(input, fonts(), &options(lang)).unwrap();
            pages += laid.pages.len();
            let last = laid.pages.len() - 1;
            for (i, page) in laid.pages.iter().enumerate().take(last) {
                if page.ends_with != Ending::Content {
                    stranded.push(format!(
                        "{name} {}: page {} ends with a {:?}",
                        lang.tag(),
                        i + 1,
                        page.ends_with
                    ));
                }
            }
        }
    }
    assert!(
        pages > 100,
        "the reports are long enough to break often: {pages}"
    );
    assert!(stranded.is_empty(), "{stranded:#?}");
}

#[test]
fn a_table_header_is_marked_where_it_is_the_last_thing_placed() {
    use ziping_report::layout::{Block, Cell, Column, LayoutOptions, PageGeometry, Row, Table};
    let table = |rows: usize| {
        Block::Table(Table {
            columns: vec![Column::new(1.0)],
            header: Some(vec![Cell::text("Header")]),
            rows: (0..rows)
                .map(|i| Row::new(vec![Cell::text(format!("row {i}"))]))
                .collect(),
            size: 9.0,
            zebra: false,
        })
    };
    let options = LayoutOptions {
        geometry: PageGeometry::a4(),
        chrome_on_first_page: false,
    };
    let laid = ziping_report::layout::layout(&[table(0)], fonts(), options).unwrap();
    assert_eq!(laid.pages[0].ends_with, Ending::TableHeader);
    let laid = ziping_report::layout::layout(&[table(3)], fonts(), options).unwrap();
    assert_eq!(laid.pages[0].ends_with, Ending::Content);
}
