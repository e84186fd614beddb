//! A tiny static file server for `dist/`, used by `cargo xtask serve` and the browser tests.
//!
//! Why our own: it needs no extra tool, serves exactly the release bundle (no live-reload script
//! injected), and can bind a free port for the tests. It answers `GET` and `HEAD` only, refuses
//! paths that leave the served directory, and handles one thread per connection.

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::thread;

/// Binds `127.0.0.1:port` (port 0 picks a free one) and returns the listener and its port.
///
/// # Errors
///
/// Returns a message when the address cannot be bound (for example, the port is in use).
pub fn bind(port: u16) -> Result<(TcpListener, u16), String> {
    let listener = TcpListener::bind(("127.0.0.1", port)).map_err(|err| {
        format!("cannot listen on 127.0.0.1:{port}: {err} (choose another port with `--port N`)")
    })?;
    let port = listener
        .local_addr()
        .map_err(|err| format!("cannot read the bound address: {err}"))?
        .port();
    Ok((listener, port))
}

/// Serves `root` on `listener` forever.
pub fn serve(listener: &TcpListener, root: &Path) {
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let root = root.to_path_buf();
        thread::spawn(move || {
            // A client that hangs up mid-request is not our problem.
            let _ = handle(stream, &root);
        });
    }
}

/// Serves `root` on `listener` from a background thread.
pub fn serve_in_background(listener: TcpListener, root: PathBuf) {
    thread::spawn(move || serve(&listener, &root));
}

fn handle(mut stream: TcpStream, root: &Path) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Drain the headers; the server needs none of them.
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or_default();
    let target = parts.next().unwrap_or_default();
    if method != "GET" && method != "HEAD" {
        return respond(
            &mut stream,
            "405 Method Not Allowed",
            "text/plain",
            b"method not allowed\n",
            true,
        );
    }
    let Some(path) = resolve(root, target) else {
        return respond(
            &mut stream,
            "400 Bad Request",
            "text/plain",
            b"bad request\n",
            true,
        );
    };
    match fs::read(&path) {
        Ok(body) => respond(
            &mut stream,
            "200 OK",
            content_type(&path),
            &body,
            method == "GET",
        ),
        Err(_) => respond(
            &mut stream,
            "404 Not Found",
            "text/plain",
            b"not found\n",
            method == "GET",
        ),
    }
}

fn respond(
    stream: &mut TcpStream,
    status: &str,
    content_type: &str,
    body: &[u8],
    with_body: bool,
) -> std::io::Result<()> {
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         Cache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    if with_body {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// Maps a request target to a file under `root`; `None` when it would leave `root`.
fn resolve(root: &Path, target: &str) -> Option<PathBuf> {
    let path = target.split(['?', '#']).next().unwrap_or_default();
    let decoded = percent_decode(path)?;
    let mut file = root.to_path_buf();
    for component in Path::new(&decoded).components() {
        match component {
            Component::Normal(part) => file.push(part),
            Component::RootDir | Component::CurDir => {}
            Component::ParentDir | Component::Prefix(_) => return None,
        }
    }
    if file.is_dir() {
        file.push("index.html");
    }
    Some(file)
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        if byte == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(byte);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn content_type(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|ext| ext.to_str())
        .unwrap_or_default()
    {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" | "map" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "txt" | "md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::{percent_decode, resolve};

    fn check(target: &str, expected: Option<&str>) {
        let root = Path::new("/srv/dist");
        assert_eq!(resolve(root, target), expected.map(PathBuf::from));
    }

    #[test]
    fn resolves_files_under_the_root() {
        check("/app_bg.wasm", Some("/srv/dist/app_bg.wasm"));
        check("/a%20b.js?x=1#frag", Some("/srv/dist/a b.js"));
    }

    #[test]
    fn refuses_paths_that_leave_the_root() {
        check("/../etc/passwd", None);
        check("/%2e%2e/etc/passwd", None);
    }

    #[test]
    fn malformed_percent_escapes_are_refused() {
        assert_eq!(percent_decode("/a%2"), None);
        assert_eq!(percent_decode("/a%zz"), None);
    }
}
