//! A tiny HTTP/1.1 server on 127.0.0.1 for the client and pagination measurements: keep-alive,
//! GET only, every answer `200` with a JSON body the handler picks from the request target.

use std::net::SocketAddr;
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The body for a request target (path and query): a shared part and a per-request tail.
pub type Handler = Arc<dyn Fn(&str) -> (Arc<Vec<u8>>, Vec<u8>) + Send + Sync>;

const MAX_CONNECTIONS: usize = 1_000;
const MAX_REQUESTS_PER_CONNECTION: usize = 1_000_000;
const MAX_HEAD: usize = 64 * 1024;

/// Starts the server on its own thread (and its own single-threaded runtime) and returns its
/// address. It lives as long as the process.
pub fn spawn(handler: Handler) -> std::io::Result<SocketAddr> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    listener.set_nonblocking(true)?;
    let addr = listener.local_addr()?;
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    std::thread::spawn(move || {
        runtime.block_on(async move {
            let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                return;
            };
            for _ in 0..MAX_CONNECTIONS {
                let Ok((stream, _)) = listener.accept().await else {
                    break;
                };
                let _ = stream.set_nodelay(true);
                tokio::spawn(serve(stream, handler.clone()));
            }
        });
    });
    Ok(addr)
}

async fn serve(mut stream: TcpStream, handler: Handler) {
    let mut buffer = Vec::with_capacity(4096);
    let mut chunk = [0u8; 4096];
    for _ in 0..MAX_REQUESTS_PER_CONNECTION {
        let end = loop {
            if let Some(end) = head_end(&buffer) {
                break end;
            }
            if buffer.len() > MAX_HEAD {
                return;
            }
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            }
        };
        let target = request_target(&buffer[..end]).to_owned();
        buffer.drain(..end);
        let (shared, tail) = handler(&target);
        let head = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
            shared.len() + tail.len()
        );
        let written = if shared.len() + tail.len() < 64 * 1024 {
            let mut response = head.into_bytes();
            response.extend_from_slice(&shared);
            response.extend_from_slice(&tail);
            stream.write_all(&response).await
        } else {
            async {
                stream.write_all(head.as_bytes()).await?;
                stream.write_all(&shared).await?;
                stream.write_all(&tail).await
            }
            .await
        };
        if written.is_err() {
            return;
        }
    }
}

/// Where the request head ends (after the blank line), if it has arrived.
fn head_end(buffer: &[u8]) -> Option<usize> {
    buffer.windows(4).position(|w| w == b"\r\n\r\n").map(|i| i + 4)
}

/// The request target of a request head: `GET /v1/agents?pageKey=p1 HTTP/1.1` -> `/v1/agents?pageKey=p1`.
fn request_target(head: &[u8]) -> &str {
    let line = head.split(|&b| b == b'\r').next().unwrap_or_default();
    std::str::from_utf8(line)
        .ok()
        .and_then(|l| l.split(' ').nth(1))
        .unwrap_or("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_heads_are_parsed() {
        let head = b"GET /v1/agents?pageKey=p1 HTTP/1.1\r\nhost: x\r\n\r\nGET";
        assert_eq!(head_end(head), Some(head.len() - 3));
        assert_eq!(request_target(head), "/v1/agents?pageKey=p1");
        assert_eq!(head_end(b"GET / HTTP/1.1\r\n"), None);
    }

    #[test]
    fn answers_over_keep_alive() {
        let body = Arc::new(b"{\"a\":".to_vec());
        let addr = spawn(Arc::new(move |target: &str| {
            (body.clone(), format!("\"{target}\"}}").into_bytes())
        }))
        .unwrap();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let http = reqwest::Client::new();
            for i in 0..3 {
                let text = http
                    .get(format!("http://{addr}/x{i}"))
                    .send()
                    .await
                    .unwrap()
                    .text()
                    .await
                    .unwrap();
                assert_eq!(text, format!("{{\"a\":\"/x{i}\"}}"));
            }
        });
    }
}
