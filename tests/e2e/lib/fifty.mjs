// The 50-statement permission policy the keystroke figures type into (figures.test.mjs, the
// keystroke probe, and crates/core/benches/support/fifty.rs natively). Not a test file.

/** The policy's text, pretty-printed. */
export function fiftyStatements() {
  const statements = [];
  for (let i = 0; i < 49; i++) {
    statements.push({
      Sid: `Read${i}`,
      Effect: "Allow",
      Action: [`s3:GetObject`, `s3:ListBucket`],
      Resource: [`arn:aws:s3:::bucket-${i}`, `arn:aws:s3:::bucket-${i}/*`],
      Condition: { StringEquals: { "aws:RequestedRegion": "eu-west-1" } },
    });
  }
  statements.push({ Sid: "Deploy", Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::prod-artifacts/*" });
  return JSON.stringify({ Version: "2012-10-17", Statement: statements }, null, 2);
}
