// Placeholder created by the infra helper so trunk's `pre_build` hook has something to run.
// OWNER: helper "web" — replace it with the esbuild bundle of CodeMirror into `web/js/dist/`.
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
mkdirSync(join(here, "dist"), { recursive: true });
