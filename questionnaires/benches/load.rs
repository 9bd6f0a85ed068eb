//! Time to load and validate content: a synthetic questionnaire of 300 questions (10 domains of
//! 30, each question with every field filled and a few citations and conditions) against a
//! synthetic catalog, and the content in `questionnaires/catalog` and `questionnaires/content`
//! (the files the `bundled` feature embeds). The server does this at every start and the check
//! command on every run; target: < 20 ms for 300 questions. Plain `std::time`, no harness:
//! `cargo bench -p questionnaires --bench load` prints the figures.

use std::fs;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use questionnaires::{SourceFile, load, render};

const DOMAINS: usize = 10;
const PER_DOMAIN: usize = 30;
const ARTICLES: u16 = 60;

fn main() {
    let (catalog, content) = synthetic();
    report("synthetic, 300 questions", &catalog, &content, 30);

    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let catalog = read_all(&[root.join("catalog")]);
    let dirs = sorted(&root.join("content"))
        .into_iter()
        .filter(|p| p.is_dir())
        .collect::<Vec<_>>();
    let content = read_all(&dirs);
    report("the content in questionnaires/", &catalog, &content, 30);
}

/// Loads the files `runs` times after a warm-up and prints the median and fastest time.
fn report(name: &str, catalog: &[SourceFile], content: &[SourceFile], runs: usize) {
    let loaded = load(catalog, content);
    if loaded.has_errors() {
        eprint!("{}", render(&loaded.diagnostics));
        panic!("{name}: the content has errors");
    }
    let questions: usize = loaded
        .library
        .questionnaires
        .iter()
        .map(|q| q.questions().count())
        .sum();
    let bytes: usize = catalog.iter().chain(content).map(|f| f.text.len()).sum();
    for _ in 0..3 {
        black_box(load(black_box(catalog), black_box(content)));
    }
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            black_box(load(black_box(catalog), black_box(content)));
            start.elapsed()
        })
        .collect();
    times.sort();
    println!(
        "load {name}: {questions} questions, {} files, {} KiB: median {:.2} ms, fastest {:.2} ms",
        catalog.len() + content.len(),
        bytes / 1024,
        times[runs / 2].as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
    );
}

/// A catalog of two instruments with `ARTICLES` articles each, and a questionnaire of
/// `DOMAINS` × `PER_DOMAIN` questions written the way the real content is.
fn synthetic() -> (Vec<SourceFile>, Vec<SourceFile>) {
    let mut catalog = Vec::new();
    for (id, name) in [("DSL", "数据安全法"), ("PIPL", "个人信息保护法")] {
        let mut s = format!(
            "---\nid: {id}\nname.zh: 中华人民共和国{name}\nname.en: Law {id}\nshort.zh: {name}\nshort.en: Law {id}\n\
             issuer.zh: 全国人民代表大会常务委员会\nissuer.en: NPC Standing Committee\ndoc_no: 主席令\n\
             promulgated: 2021-06-10\neffective: 2021-09-01\nstatus: in_force\narticles: {ARTICLES}\n---\n"
        );
        for n in 1..=ARTICLES {
            s.push_str(&format!(
                "\n## 第{}条\n```meta\nparagraphs: 3\npenalty: {id} {ARTICLES}\n```\n### summary.zh\n{}\n### summary.en\n{}\n",
                questionnaires::numeral::format(n.into()),
                "数据处理者应当建立健全全流程数据安全管理制度，组织开展教育培训，采取相应的技术措施。".repeat(2),
                "Data handlers must set up a data security management system and train their staff. ".repeat(2),
            ));
        }
        catalog.push(SourceFile::new(format!("catalog/{id}.md"), s));
    }

    let mut content = vec![SourceFile::new(
        "content/synthetic/questionnaire.md",
        "---\nid: synthetic\nversion: 1\ntitle.zh: 合成问卷\ntitle.en: Synthetic\neffective: 2026-01-01\n---\n\
         # 单位画像 | Profile {#profile}\n\n## important_data\n```meta\nkind: yes-no\ncite: DSL 21\n```\n\
         ### text.zh\n是否处理重要数据？\n### text.en\nImportant data?\n\n## pi_volume\n```meta\nkind: one-of\n\
         option: lt100k = 不满10万人 | fewer than 100,000\noption: 1m = 100万人以上 | 1 million or more\n\
         cite: 《个人信息保护法》第五十二条第一款\n```\n### text.zh\n处理多少人的个人信息？\n### text.en\nHow many people?\n",
    )];
    for d in 0..DOMAINS {
        let prefix = format!("D{d}");
        let mut s = format!("# 领域{d} | Domain {d} {{#d{d}}}\n```meta\napplies: always\n```\n");
        for q in 1..=PER_DOMAIN {
            let article = 1 + ((d * PER_DOMAIN + q) % usize::from(ARTICLES)) as u16;
            let applies = match q % 3 {
                0 => "important_data or pi_volume >= 1m",
                1 => "not important_data and pi_volume == lt100k",
                _ => "always",
            };
            s.push_str(&format!(
                "\n## {prefix}-{q:02}\n```meta\nweight: {}\ncritical: {}\napplies: {applies}\n\
                 cite: DSL {article}.1; 《个人信息保护法》第{}条第二款\n```\n\
                 ### text.zh\n本单位是否建立了数据安全管理制度，并按规定组织开展数据安全教育培训？\n\
                 ### text.en\nHas the organization set up a data security management system and trained its staff?\n\
                 ### guidance.zh\n{}\n### guidance.en\n{}\n### evidence.zh\n- 制度文件\n- 培训记录\n\
                 ### evidence.en\n- Policies\n- Training records\n### remediation.zh\n1. 起草制度。\n2. 组织培训。\n\
                 ### remediation.en\n1. Draft the policy.\n2. Train the staff.\n",
                1 + q % 5,
                if q % 4 == 0 { "yes" } else { "no" },
                questionnaires::numeral::format(article.into()),
                "- 制度经管理层批准发布，覆盖数据全生命周期，并至少每年评审一次。\n".repeat(3),
                "- The policy is approved by management, covers the whole life cycle and is reviewed yearly.\n".repeat(3),
            ));
        }
        content.push(SourceFile::new(
            format!("content/synthetic/{:02}-d{d}.md", d + 1),
            s,
        ));
    }
    (catalog, content)
}

fn read_all(dirs: &[PathBuf]) -> Vec<SourceFile> {
    let mut files = Vec::new();
    for dir in dirs {
        for path in sorted(dir).into_iter().filter(|p| p.is_file()) {
            let text =
                fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            files.push(SourceFile::new(path.to_string_lossy(), text));
        }
    }
    files
}

fn sorted(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.retain(|p| {
        !p.file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
    });
    paths.sort();
    paths
}
