//! What a wasm module is made of, for `cargo xtask size` (issue 14, a lighter first paint): the
//! size of each function body by the name the name section gives it, grouped by crate and
//! module, and the data section. Read from wasm-bindgen's output
//! (`target/wasm-bindgen/release/<bin>_bg.wasm`), which keeps the name section; the shipped
//! module is that one after `wasm-opt -Oz`, so the figures here are before it (about 10% larger).
//!
//! A reader of the few sections it needs (types of imports, code, data, the `name` custom
//! section): no dependency, no tool to install.

use std::collections::BTreeMap;

/// One function body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Function {
    /// Its name (demangled by wasm-bindgen's output), or `#N`.
    pub name: String,
    /// The body's bytes.
    pub body: Vec<u8>,
}

/// The parts of a module.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Parts {
    /// Every function body, in index order.
    pub functions: Vec<Function>,
    /// Every data segment's bytes, concatenated.
    pub data: Vec<u8>,
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> Result<u8, String> {
        let b = *self.bytes.get(self.at).ok_or("the module ends early")?;
        self.at += 1;
        Ok(b)
    }

    fn u32(&mut self) -> Result<u32, String> {
        let mut value: u64 = 0;
        for shift in (0..35).step_by(7) {
            let b = self.byte()?;
            value |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return u32::try_from(value).map_err(|_| "a LEB128 number over 32 bits".to_owned());
            }
        }
        Err("a LEB128 number too long".to_owned())
    }

    fn take(&mut self, n: usize) -> Result<&[u8], String> {
        let end = self.at.checked_add(n).ok_or("a length overflows")?;
        let slice = self
            .bytes
            .get(self.at..end)
            .ok_or("the module ends early")?;
        self.at = end;
        Ok(slice)
    }

    fn len(&mut self) -> Result<usize, String> {
        usize::try_from(self.u32()?).map_err(|_| "a length over usize".to_owned())
    }

    fn name(&mut self) -> Result<String, String> {
        let n = self.len()?;
        Ok(String::from_utf8_lossy(self.take(n)?).into_owned())
    }

    /// Skips a constant expression up to its `end` (0x0b), reading immediates that could hold
    /// that byte (`i32.const`, `i64.const`, `global.get`).
    fn skip_const_expr(&mut self) -> Result<(), String> {
        loop {
            match self.byte()? {
                0x0b => return Ok(()),
                0x41 | 0x42 | 0x23 | 0xd2 => {
                    // LEB128 immediate (signed or not, only its length matters).
                    while self.byte()? & 0x80 != 0 {}
                }
                _ => {}
            }
        }
    }
}

/// Reads the functions and data of a module.
///
/// # Errors
///
/// Returns a message when `bytes` is not a wasm module this reader understands.
pub fn read(bytes: &[u8]) -> Result<Parts, String> {
    if bytes.get(..4) != Some(b"\0asm") {
        return Err("not a wasm module".to_owned());
    }
    let mut r = Reader { bytes, at: 8 };
    let mut imported_functions: u32 = 0;
    let mut bodies: Vec<Vec<u8>> = Vec::new();
    let mut names: BTreeMap<u32, String> = BTreeMap::new();
    let mut data = Vec::new();
    while r.at < bytes.len() {
        let id = r.byte()?;
        let size = r.len()?;
        let section = r.take(size)?;
        let mut s = Reader {
            bytes: section,
            at: 0,
        };
        match id {
            // Imports: only the number of imported functions matters (they come first).
            2 => {
                for _ in 0..s.u32()? {
                    s.name()?;
                    s.name()?;
                    match s.byte()? {
                        0 => {
                            s.u32()?;
                            imported_functions += 1;
                        }
                        1 => {
                            s.byte()?;
                            let flags = s.u32()?;
                            s.u32()?;
                            if flags & 1 != 0 {
                                s.u32()?;
                            }
                        }
                        2 => {
                            let flags = s.u32()?;
                            s.u32()?;
                            if flags & 1 != 0 {
                                s.u32()?;
                            }
                        }
                        3 => {
                            s.byte()?;
                            s.byte()?;
                        }
                        4 => {
                            s.byte()?;
                            s.u32()?;
                        }
                        other => return Err(format!("unknown import kind {other}")),
                    }
                }
            }
            10 => {
                for _ in 0..s.u32()? {
                    let n = s.len()?;
                    bodies.push(s.take(n)?.to_vec());
                }
            }
            11 => {
                for _ in 0..s.u32()? {
                    match s.u32()? {
                        0 => s.skip_const_expr()?,
                        1 => {}
                        2 => {
                            s.u32()?;
                            s.skip_const_expr()?;
                        }
                        other => return Err(format!("unknown data segment kind {other}")),
                    }
                    let n = s.len()?;
                    data.extend_from_slice(s.take(n)?);
                }
            }
            0 => read_names(section, &mut names)?,
            _ => {}
        }
    }
    let functions = bodies
        .into_iter()
        .zip(imported_functions..)
        .map(|(body, index)| Function {
            name: names.remove(&index).unwrap_or_else(|| format!("#{index}")),
            body,
        })
        .collect();
    Ok(Parts { functions, data })
}

/// Reads the function names of a custom section, if it is the `name` section.
fn read_names(section: &[u8], names: &mut BTreeMap<u32, String>) -> Result<(), String> {
    let mut s = Reader {
        bytes: section,
        at: 0,
    };
    if s.name()? != "name" {
        return Ok(());
    }
    while s.at < section.len() {
        let sub = s.byte()?;
        let n = s.len()?;
        let content = s.take(n)?;
        if sub == 1 {
            let mut f = Reader {
                bytes: content,
                at: 0,
            };
            for _ in 0..f.u32()? {
                let index = f.u32()?;
                names.insert(index, f.name()?);
            }
        }
    }
    Ok(())
}

/// The group of a function by its name: the crate, and for the workspace's crates and the
/// largest dependencies the module too (`rolecall_web::components::notes`, `yew::html`).
/// `<A as B>::f` counts for `A`; a crate's hash (`core[c5930c85a12de822]`) is dropped.
#[must_use]
pub fn group(name: &str) -> String {
    let name = name.trim_start_matches(['<', '&', '_']);
    let name = name.strip_prefix("mut ").unwrap_or(name);
    let name = name.strip_prefix("dyn ").unwrap_or(name);
    let end = name.find([' ', '<', '>', '(', '{']).unwrap_or(name.len());
    let path: Vec<&str> = name
        .get(..end)
        .unwrap_or(name)
        .split("::")
        .map(|part| part.split('[').next().unwrap_or(part))
        .filter(|part| !part.is_empty())
        .collect();
    let depth = match path.first().copied() {
        Some("rolecall_web") => 3,
        Some("rolecall_core" | "yew" | "serde_json" | "core" | "alloc") => 2,
        _ => 1,
    };
    // The last part is the function itself (or its hash) unless the path is only a crate.
    let keep = depth.min(path.len().saturating_sub(1)).max(1);
    path.get(..keep.min(path.len()))
        .map_or_else(|| "(unnamed)".to_owned(), |parts| parts.join("::"))
}

#[cfg(test)]
mod tests {
    use super::{group, read};

    #[test]
    fn functions_are_grouped_by_crate_and_module() {
        for (name, expected) in [
            (
                "<rolecall_web::components::notes::Notes as yew::functional::FunctionProvider>::run::h1",
                "rolecall_web::components::notes",
            ),
            (
                "pulldown_cmark::parse::Parser<F>::handle_inline::h10",
                "pulldown_cmark",
            ),
            (
                "core[c5930c85a12de822]::fmt::float::float_to_decimal_common_shortest::<f64>",
                "core::fmt",
            ),
            (
                "<&mut serde_json::de::Deserializer<R> as serde_core::de::Deserializer>::deserialize_seq::h4",
                "serde_json::de",
            ),
            ("rolecall_web::main::h1", "rolecall_web::main"),
            ("memcpy", "memcpy"),
        ] {
            assert_eq!(group(name), expected, "{name}");
        }
    }

    #[test]
    fn a_module_with_two_named_functions_and_data_is_read() {
        // (module (import "m" "f" (func)) (func) (func i32.const 1 drop)
        //   (memory 1) (data (i32.const 8) "hi") + a name section naming functions 1 and 2)
        let mut module = b"\0asm\x01\0\0\0".to_vec();
        let section = |id: u8, content: &[u8], module: &mut Vec<u8>| {
            module.push(id);
            module.push(u8::try_from(content.len()).unwrap());
            module.extend_from_slice(content);
        };
        section(1, &[1, 0x60, 0, 0], &mut module);
        section(2, &[1, 1, b'm', 1, b'f', 0, 0], &mut module);
        section(3, &[2, 0, 0], &mut module);
        section(5, &[1, 0, 1], &mut module);
        section(
            10,
            &[2, 2, 0, 0x0b, 6, 0, 0x41, 1, 0x1a, 0x0b, 0x0b][..],
            &mut module,
        );
        section(11, &[1, 0, 0x41, 8, 0x0b, 2, b'h', b'i'], &mut module);
        let mut names = vec![4, b'n', b'a', b'm', b'e', 1, 7, 2];
        names.extend_from_slice(&[1, 1, b'a', 2, 1, b'b']);
        section(0, &names, &mut module);
        let parts = read(&module).unwrap();
        assert_eq!(parts.data, b"hi");
        let named: Vec<(&str, usize)> = parts
            .functions
            .iter()
            .map(|f| (f.name.as_str(), f.body.len()))
            .collect();
        assert_eq!(named, vec![("a", 2), ("b", 6)]);
    }
}
