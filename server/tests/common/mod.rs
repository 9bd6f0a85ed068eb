//! A `ziping serve` child process on a free port with a given data directory, shared by the
//! durability tests and the save benchmark (which includes this file by path).

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};

pub struct Process {
    pub child: Child,
    pub address: SocketAddr,
}

impl Process {
    /// Starts the binary and waits for the address it prints.
    pub fn start(data_dir: &Path) -> Process {
        let child = Command::new(env!("CARGO_BIN_EXE_ziping"))
            .args([
                "serve",
                "--bind",
                "127.0.0.1:0",
                "--no-browser",
                "--data-dir",
            ])
            .arg(data_dir)
            .env("RUST_LOG", "warn")
            .env_remove("ZIPING_TOKEN")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("ziping starts");
        // Owned by `Process` from here on, whose `Drop` kills and reaps it.
        let mut process = Process {
            child,
            address: SocketAddr::from(([127, 0, 0, 1], 0)),
        };
        let stdout = process.child.stdout.take().unwrap();
        let mut lines = BufReader::new(stdout).lines();
        let line = lines
            .find_map(|l| l.ok().filter(|l| l.contains("http://")))
            .expect("ziping exited before it printed its address");
        let rest = line.split("http://").nth(1).unwrap();
        process.address = rest.split('/').next().unwrap().parse().unwrap();
        // Keep reading so that the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        process
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
