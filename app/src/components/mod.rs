//! Components that more than one page shows: the citations of the regulation catalog with their
//! dialog (`citations`), and the link to an evidence file (`evidence`).

mod citations;
mod evidence;

pub use citations::{CitationDialog, Citations, OpenCitation};
pub use evidence::EvidenceLink;
