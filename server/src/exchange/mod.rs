//! The formats an assessment is exchanged in, each a plain function from the store and the
//! loaded content to bytes, called by the HTTP routes and the command line alike.

pub mod docx;
