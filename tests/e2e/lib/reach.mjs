// Shared by the Who can? browser tests (whocan.test.mjs, whocan-figures.test.mjs).

import { rolecallIn } from "./cli.mjs";

/** `rolecall ...args` as JSON, whatever its exit code (escalation exits 1 on findings). */
export function cliJson(args) {
  const run = rolecallIn(process.cwd(), args);
  if (run.status !== 0 && run.status !== 1) throw new Error(`rolecall ${args.join(" ")}: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

/** The principals the list shows, in order. */
export async function listed(page) {
  return page.$$eval("[data-testid=reach-principal] > .who > code", (els) => els.map((e) => e.textContent));
}
