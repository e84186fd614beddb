//! Renders diagnostics as text with the source line and an underline at the span.
