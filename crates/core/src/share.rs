//! The share-link codec: a version prefix, then base64url of raw-deflated minified JSON.
//!
//! OWNER: helper "scenario".
