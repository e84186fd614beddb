// The oracle driver for `cargo xtask diff` (our own code; see README "Differential testing").
//
// Reads JSON Lines on stdin, one case per line: {"id": <string>, "simulation": <Simulation>},
// where <Simulation> is the input object documented in the README of the npm package
// @cloud-copilot/iam-simulate. Prints one JSON line per case on stdout, in the same order:
//   {"id": ..., "decision": "allowed" | "implicitDeny" | "explicitDeny" | "error",
//    "error": <message, for "error">, "ignoredContextKeys": [<keys the oracle dropped>]}
//
// The package is AGPL-3.0: it is installed in tests/oracle/node_modules only, by
// `npm ci --prefix tests/oracle`, and only ever run as this external program. Nothing of it is
// vendored, copied or shipped with Rolecall.

import { createInterface } from 'node:readline'
import { runSimulation } from '@cloud-copilot/iam-simulate'

const DECISIONS = {
  Allowed: 'allowed',
  ImplicitlyDenied: 'implicitDeny',
  ExplicitlyDenied: 'explicitDeny'
}

// The oracle's validation errors as one line: `where: path: message; ...`.
function describeErrors(errors) {
  const parts = []
  for (const [group, value] of Object.entries(errors ?? {})) {
    if (group === 'message') continue
    const lists = Array.isArray(value) ? { [group]: value } : value
    for (const [where, list] of Object.entries(lists ?? {})) {
      for (const item of list ?? []) {
        parts.push(typeof item === 'string' ? `${where}: ${item}` : `${where}: ${item.path}: ${item.message}`)
      }
    }
  }
  return parts.length > 0 ? parts.join('; ') : errors?.message ?? 'validation error'
}

async function decide(line) {
  let id = null
  try {
    const input = JSON.parse(line)
    id = input.id ?? null
    const response = await runSimulation(input.simulation, { simulationMode: 'Strict' })
    if (response.resultType === 'error') {
      return { id, decision: 'error', error: describeErrors(response.errors) }
    }
    const decision = DECISIONS[response.overallResult]
    if (decision === undefined) {
      return { id, decision: 'error', error: `unknown result \`${response.overallResult}\`` }
    }
    const ignored =
      response.resultType === 'single' ? response.result.ignoredContextKeys ?? [] : []
    return { id, decision, ignoredContextKeys: ignored }
  } catch (err) {
    return { id, decision: 'error', error: `the oracle threw: ${err?.message ?? err}` }
  }
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity })
for await (const line of lines) {
  if (line.trim() === '') continue
  process.stdout.write(JSON.stringify(await decide(line)) + '\n')
}
