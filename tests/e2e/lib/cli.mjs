// Runs the `rolecall` CLI for tests that compare the page with it. The binary is
// $ROLECALL_BIN, else target/release/rolecall or target/debug/rolecall, else it is built with
// `cargo build -p rolecall-cli` (fast after `cargo test --workspace` compiled its dependencies).

import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";

let binary = null;

function findBinary() {
  if (binary) return binary;
  const candidates = [process.env.ROLECALL_BIN, "target/release/rolecall", "target/debug/rolecall"].filter(Boolean);
  binary = candidates.find((c) => existsSync(c));
  if (!binary) {
    execFileSync("cargo", ["build", "-q", "-p", "rolecall-cli"], { stdio: "inherit" });
    binary = "target/debug/rolecall";
  }
  return binary;
}

/** Runs `rolecall ...args` and returns its standard output (throws on a non-zero exit). */
export function rolecall(args) {
  return execFileSync(findBinary(), args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
}

/** Runs `rolecall ...args` in `cwd` and returns `{ status, stdout, stderr }` (never throws). */
export function rolecallIn(cwd, args) {
  const run = spawnSync(resolve(findBinary()), args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** `rolecallIn(process.cwd(), args)` without waiting: a promise of `{ status, stdout, stderr }`
 * (for a long run the test overlaps with its work in the browser). */
export function rolecallLater(args) {
  return new Promise((done, fail) => {
    const child = spawn(resolve(findBinary()), args, { stdio: ["ignore", "pipe", "pipe"] });
    const out = [];
    const err = [];
    child.stdout.on("data", (chunk) => out.push(chunk));
    child.stderr.on("data", (chunk) => err.push(chunk));
    child.on("error", fail);
    child.on("close", (status) =>
      done({ status, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") }),
    );
  });
}
