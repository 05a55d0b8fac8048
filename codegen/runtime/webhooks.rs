//! Verifying that a webhook delivery was signed with the subscription's secret.
//!
//! The signature header reads `t=<unix time in milliseconds>,v1=<64 hex digits>`. `v1` is the
//! HMAC-SHA256 of the decimal text of `t`, a `.`, and the request body's raw bytes, keyed by the
//! subscription's secret *hex-decoded* (the secret is shown hex-encoded). Verify the bytes exactly
//! as received, before parsing them: the body is pretty-printed JSON, and re-encoding a parsed body
//! never reproduces them.
//!
//! HMAC comes from `ring`, which the TLS stack already builds, so verification adds no dependency.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How far `t` may be from the receiver's clock by default: five minutes.
///
/// Real deliveries have arrived 37 s after their `t`, so a window under about a minute rejects
/// genuine events; five minutes (Stripe's choice for the same scheme) leaves room for the sender's
/// queueing and clock skew while keeping a captured request replayable only briefly.
/// Deduplicating on the event's id covers replays inside the window.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(5 * 60);

/// Why a signature was refused. Each malformed input has its own variant; none panics.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignatureError {
    /// The secret is empty.
    EmptySecret,
    /// The secret is not hex (an odd number of digits, or a character that is not a hex digit):
    /// pass it exactly as the subscription shows it.
    SecretNotHex,
    /// The signature header is empty or missing.
    EmptyHeader,
    /// A comma-separated part of the header is not `key=value`.
    MalformedPart {
        /// The part's position (0 is the first).
        index: usize,
        /// The part as received.
        part: String,
    },
    /// The header has no `t=`.
    MissingTimestamp,
    /// The header has more than one `t=`.
    DuplicateTimestamp,
    /// `t` is not a whole number of milliseconds.
    InvalidTimestamp {
        /// The value as received.
        value: String,
    },
    /// The header has no `v1=` signature.
    MissingSignature,
    /// A `v1` value is not hex.
    SignatureNotHex {
        /// The value as received.
        value: String,
    },
    /// A `v1` value is hex, but not the 64 digits of an HMAC-SHA256.
    SignatureLength {
        /// How many hex digits it has.
        digits: usize,
    },
    /// No `v1` matches: a wrong secret, a body that is not the bytes received, or a request that
    /// the sender did not send.
    Mismatch,
    /// The signature is genuine but `t` is older than the tolerance allows (a late delivery or a
    /// replay).
    TooOld {
        /// `t` as received, in milliseconds since the Unix epoch.
        timestamp_ms: u64,
        /// How long before `now` it is.
        age: Duration,
    },
    /// The signature is genuine but `t` is further in the future than the tolerance allows (a
    /// clock out of step).
    InFuture {
        /// `t` as received, in milliseconds since the Unix epoch.
        timestamp_ms: u64,
        /// How long after `now` it is.
        ahead: Duration,
    },
}

impl fmt::Display for SignatureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::EmptySecret => f.write_str("the webhook secret is empty"),
            Self::SecretNotHex => f.write_str("the webhook secret is not hex: pass it exactly as the subscription shows it"),
            Self::EmptyHeader => f.write_str("the signature header is empty or missing"),
            Self::MalformedPart { index, part } => write!(f, "signature header part {index} is not `key=value`: {part:?}"),
            Self::MissingTimestamp => f.write_str("the signature header has no `t=` timestamp"),
            Self::DuplicateTimestamp => f.write_str("the signature header has more than one `t=` timestamp"),
            Self::InvalidTimestamp { value } => write!(f, "the signature timestamp is not a whole number of milliseconds: {value:?}"),
            Self::MissingSignature => f.write_str("the signature header has no `v1=` signature"),
            Self::SignatureNotHex { value } => write!(f, "the `v1` signature is not hex: {value:?}"),
            Self::SignatureLength { digits } => write!(f, "the `v1` signature has {digits} hex digits, not the 64 of an HMAC-SHA256"),
            Self::Mismatch => f.write_str("the signature does not match: wrong secret, or the body is not the raw bytes received (verify before parsing)"),
            Self::TooOld { timestamp_ms, age } => {
                write!(f, "the signature timestamp {timestamp_ms} is {} s old, beyond the tolerance", age.as_secs())?;
                if *timestamp_ms < 100_000_000_000 {
                    f.write_str(" (it looks like seconds; `t` is in milliseconds)")?;
                }
                Ok(())
            }
            Self::InFuture { timestamp_ms, ahead } => write!(f, "the signature timestamp {timestamp_ms} is {} s in the future, beyond the tolerance", ahead.as_secs()),
        }
    }
}

impl std::error::Error for SignatureError {}

/// Why [`verify_and_decode`](super::verify_and_decode) refused a delivery.
#[derive(Debug)]
#[non_exhaustive]
pub enum WebhookError {
    /// The signature is missing, malformed, wrong or out of its time window: answer 401 or 400.
    Signature(SignatureError),
    /// The signature is genuine but the body does not decode (a known event with a malformed
    /// body): the error names the field path and keeps the body.
    Decode(crate::DecodeError),
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Signature(e) => write!(f, "webhook signature refused: {e}"),
            Self::Decode(e) => write!(f, "webhook body does not decode: {e}"),
        }
    }
}

impl std::error::Error for WebhookError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Signature(e) => Some(e),
            Self::Decode(e) => Some(e),
        }
    }
}

/// Checks a delivery's signature header against the raw body, in constant time.
///
/// - `secret`: the subscription's secret key as shown (hex).
/// - `signature_header`: the value of the signature header (`t=…,v1=…`).
/// - `body`: the request body's bytes exactly as received.
/// - `now` and `tolerance`: `t` must lie within `tolerance` of `now`, either side
///   ([`DEFAULT_TOLERANCE`] suits deliveries that arrive up to a minute late).
///
/// The signature is checked before the time, so a time error means a genuine but late (or
/// replayed) delivery. Header parts other than `t` and `v1` are ignored, and any one of several
/// `v1` values may match.
pub fn verify(
    secret: &str,
    signature_header: &str,
    body: &[u8],
    now: SystemTime,
    tolerance: Duration,
) -> Result<(), SignatureError> {
    let key = key(secret)?;
    let header = parse_header(signature_header)?;
    let message = signed_message(&header.timestamp_text, body);
    if !header
        .signatures
        .iter()
        .any(|signature| ring::hmac::verify(&key, &message, signature).is_ok())
    {
        return Err(SignatureError::Mismatch);
    }
    within_tolerance(header.timestamp_ms, now, tolerance)
}

/// The signature header the sender would send for `body` at `timestamp`: for testing a receiver.
pub fn sign(secret: &str, body: &[u8], timestamp: SystemTime) -> Result<String, SignatureError> {
    let key = key(secret)?;
    let t = timestamp
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis())
        .to_string();
    let tag = ring::hmac::sign(&key, &signed_message(&t, body));
    let hex: String = tag.as_ref().iter().map(|byte| format!("{byte:02x}")).collect();
    Ok(format!("t={t},v1={hex}"))
}

fn key(secret: &str) -> Result<ring::hmac::Key, SignatureError> {
    let secret = secret.trim();
    if secret.is_empty() {
        return Err(SignatureError::EmptySecret);
    }
    let bytes = hex_decode(secret).ok_or(SignatureError::SecretNotHex)?;
    Ok(ring::hmac::Key::new(ring::hmac::HMAC_SHA256, &bytes))
}

/// `t` + `.` + the body.
fn signed_message(timestamp: &str, body: &[u8]) -> Vec<u8> {
    let mut message = Vec::with_capacity(timestamp.len() + 1 + body.len());
    message.extend_from_slice(timestamp.as_bytes());
    message.push(b'.');
    message.extend_from_slice(body);
    message
}

/// A parsed signature header.
struct Header {
    /// `t` as received: the signed text.
    timestamp_text: String,
    timestamp_ms: u64,
    signatures: Vec<Vec<u8>>,
}

fn parse_header(header: &str) -> Result<Header, SignatureError> {
    let header = header.trim();
    if header.is_empty() {
        return Err(SignatureError::EmptyHeader);
    }
    let mut timestamp: Option<(String, u64)> = None;
    let mut signatures = Vec::new();
    for (index, part) in header.split(',').enumerate() {
        let malformed = || SignatureError::MalformedPart {
            index,
            part: part.to_owned(),
        };
        let (key, value) = part.split_once('=').ok_or_else(malformed)?;
        let (key, value) = (key.trim(), value.trim());
        if key.is_empty() {
            return Err(malformed());
        }
        match key {
            "t" if timestamp.is_some() => return Err(SignatureError::DuplicateTimestamp),
            "t" => timestamp = Some((value.to_owned(), parse_timestamp(value)?)),
            "v1" => signatures.push(parse_signature(value)?),
            // Another scheme (a future `v2`) may stand beside `v1`.
            _ => {}
        }
    }
    let (timestamp_text, timestamp_ms) = timestamp.ok_or(SignatureError::MissingTimestamp)?;
    if signatures.is_empty() {
        return Err(SignatureError::MissingSignature);
    }
    Ok(Header {
        timestamp_text,
        timestamp_ms,
        signatures,
    })
}

fn parse_timestamp(value: &str) -> Result<u64, SignatureError> {
    let invalid = || SignatureError::InvalidTimestamp {
        value: value.to_owned(),
    };
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid());
    }
    value.parse().map_err(|_| invalid())
}

fn parse_signature(value: &str) -> Result<Vec<u8>, SignatureError> {
    let bytes = hex_decode(value).ok_or_else(|| SignatureError::SignatureNotHex {
        value: value.to_owned(),
    })?;
    if bytes.len() != 32 {
        return Err(SignatureError::SignatureLength { digits: value.len() });
    }
    Ok(bytes)
}

fn within_tolerance(timestamp_ms: u64, now: SystemTime, tolerance: Duration) -> Result<(), SignatureError> {
    let now_ms = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis());
    let (t, tolerance_ms) = (u128::from(timestamp_ms), tolerance.as_millis());
    let millis = |ms: u128| Duration::from_millis(u64::try_from(ms).unwrap_or(u64::MAX));
    if t + tolerance_ms < now_ms {
        return Err(SignatureError::TooOld {
            timestamp_ms,
            age: millis(now_ms - t),
        });
    }
    if t > now_ms + tolerance_ms {
        return Err(SignatureError::InFuture {
            timestamp_ms,
            ahead: millis(t - now_ms),
        });
    }
    Ok(())
}

/// Hex (either case) to bytes; `None` for an odd length or a non-hex character.
fn hex_decode(text: &str) -> Option<Vec<u8>> {
    fn nibble(c: u8) -> Option<u8> {
        match c {
            b'0'..=b'9' => Some(c - b'0'),
            b'a'..=b'f' => Some(c - b'a' + 10),
            b'A'..=b'F' => Some(c - b'A' + 10),
            _ => None,
        }
    }
    if text.len() % 2 != 0 {
        return None;
    }
    text.as_bytes()
        .chunks(2)
        .map(|pair| Some(nibble(pair[0])? << 4 | nibble(pair[1])?))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_decodes_both_cases_and_refuses_the_rest() {
        assert_eq!(hex_decode("00fF10"), Some(vec![0, 255, 16]));
        assert_eq!(hex_decode("abc"), None);
        assert_eq!(hex_decode("zz"), None);
        assert_eq!(hex_decode(""), Some(vec![]));
    }

    #[test]
    fn a_signature_made_by_sign_verifies_within_the_window_only() {
        let at = UNIX_EPOCH + Duration::from_millis(1_748_264_463_123);
        let header = sign("00ff", b"{}", at).unwrap();
        assert!(header.starts_with("t=1748264463123,v1="));
        assert_eq!(verify("00ff", &header, b"{}", at, Duration::ZERO), Ok(()));
        let later = at + Duration::from_secs(61);
        assert!(matches!(
            verify("00ff", &header, b"{}", later, Duration::from_secs(60)),
            Err(SignatureError::TooOld { .. })
        ));
    }
}
