// Converts `rolecall simulate` input lines (stdin) into the oracle driver's input (stdout), the
// way crates/xtask/src/diff/case.rs (`oracle_line`) writes a case, so that the reference
// simulator can be timed on the same batch as Rolecall (BENCHMARKS.md, "`rolecall simulate`
// throughput"):
//
//   node tests/oracle/batch.mjs < /tmp/batch.jsonl > /tmp/oracle-batch.jsonl
//   node tests/oracle/driver.mjs < /tmp/oracle-batch.jsonl > /tmp/oracle-batch.out
//
// Our own code; nothing of the AGPL package is in it.
import { createInterface } from 'node:readline'

const named = (prefix, list) => (list ?? []).map((policy, n) => ({ name: `${prefix}-${n + 1}`, policy }))
const LEVELS = ['root', 'ou-1', 'ou-2']
const levels = (kind, list) =>
  (list ?? []).map((policies, n) => ({
    orgIdentifier: n + 1 === list.length ? 'account' : LEVELS[n] ?? 'ou-deeper',
    policies: named(`${kind}-${n}`, policies)
  }))

for await (const line of createInterface({ input: process.stdin })) {
  const r = JSON.parse(line)
  const simulation = {
    request: {
      principal: r.principal,
      action: r.action,
      resource: { resource: r.resource, accountId: r.resourceAccount },
      contextVariables: r.context ?? {}
    },
    identityPolicies: named('identity', r.identityPolicies),
    serviceControlPolicies: levels('scp', r.scps),
    resourceControlPolicies: levels('rcp', r.rcps)
  }
  if (r.resourcePolicy) simulation.resourcePolicy = r.resourcePolicy
  if (r.permissionBoundaries) simulation.permissionBoundaryPolicies = named('boundary', r.permissionBoundaries)
  if (r.sessionPolicy) simulation.sessionPolicy = r.sessionPolicy
  console.log(JSON.stringify({ id: r.id, simulation }))
}
