// Hostile share links of issue 14's table, built the way the page's codec reads them
// (crates/core/src/share.rs: `v1.` + base64url of raw-deflated JSON). Not a test file.

import { deflateRawSync } from "node:zlib";

const ACCOUNT = "111111111111";
const user = `arn:aws:iam::${ACCOUNT}:user/u`;

/** `#s=v1....` for `json` (a string). */
export function linkFor(json) {
  return `#s=v1.${deflateRawSync(Buffer.from(json), { level: 9 }).toString("base64url")}`;
}

function policy(statements) {
  return { Version: "2012-10-17", Statement: statements };
}

function userScenario(statements, request) {
  return JSON.stringify({
    rolecall: 1,
    identities: [{ arn: user, policies: [{ name: "p", document: policy(statements) }] }],
    requests: [{ name: "hostile", principal: user, ...request }],
  });
}

/** The rows of the table, each `{ name, json, link }`. */
export function hostileLinks() {
  const rows = [];
  const add = (name, json) => rows.push({ name, json, link: linkFor(json) });

  // A 250 KB resource pattern with non-ASCII text and `?` in the middle of segments.
  const pattern = "é?x*".repeat(62_000);
  add(
    "a 250 KB pattern with non-ASCII text and `?` mid-segment",
    userScenario(
      [{ Effect: "Allow", Action: "s3:GetObject", Resource: `arn:aws:s3:::b/${pattern}` }],
      { action: "s3:GetObject", resource: `arn:aws:s3:::b/${"éyxz".repeat(62_000)}` },
    ),
  );

  // ForAllValues:StringLike with 30,000 request values against a long pattern list.
  const values = Array.from({ length: 30_000 }, (_, i) => `team-${i % 1000}-x`);
  const patterns = Array.from({ length: 3_000 }, (_, i) => `team-${i}-*?`);
  add(
    "ForAllValues:StringLike with 30,000 request values",
    userScenario(
      [{
        Effect: "Allow",
        Action: "s3:GetObject",
        Resource: "*",
        Condition: { "ForAllValues:StringLike": { "aws:TagKeys": patterns } },
      }],
      { action: "s3:GetObject", resource: "arn:aws:s3:::b/k", context: { "aws:TagKeys": values } },
    ),
  );

  // A tiny resource with a variable whose value holds `*`.
  add(
    "a variable whose value holds `*`",
    userScenario(
      [{ Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::*${aws:username}b*" }],
      {
        action: "s3:GetObject",
        resource: `arn:aws:s3:::${"a".repeat(200_000)}`,
        context: { "aws:username": `${"a*".repeat(20)}` },
      },
    ),
  );

  // A 50-hop chain with 40 transitive session tags on every hop.
  const roles = Array.from({ length: 50 }, (_, i) => `arn:aws:iam::${ACCOUNT}:role/R${i}`);
  const tags = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, `v${i}`]));
  const identities = [
    { arn: user, policies: [{ name: "all", document: policy([{ Effect: "Allow", Action: "*", Resource: "*" }]) }] },
    ...roles.map((arn, i) => ({
      arn,
      trustPolicy: policy([{
        Effect: "Allow",
        Principal: { AWS: i === 0 ? user : roles[i - 1] },
        Action: ["sts:AssumeRole", "sts:TagSession"],
      }]),
      policies: [{ name: "all", document: policy([{ Effect: "Allow", Action: "*", Resource: "*" }]) }],
    })),
  ];
  add(
    "a 50-hop chain with 40 transitive session tags per hop",
    JSON.stringify({
      rolecall: 1,
      identities,
      requests: [{
        name: "chain",
        principal: user,
        assume: roles.map((role) => ({ role, sessionName: "s", sessionTags: tags, transitiveTagKeys: Object.keys(tags) })),
        action: "s3:GetObject",
        resource: "arn:aws:s3:::b/k",
      }],
    }),
  );
  return rows;
}

/** A link of under the 64 KiB link bound whose payload inflates to 48 MB (a deflate bomb). */
export function bombLink() {
  const payload = `{"rolecall":1,"title":"${" ".repeat(48_000_000)}"}`;
  return `#s=v1.${deflateRawSync(Buffer.from(payload), { level: 9 }).toString("base64url")}`;
}
