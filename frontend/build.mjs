// Builds GOV.UK Frontend, MOJ Frontend and htmx into Django static files.
// Run by `npm run build` (make does it); the output directory is not committed.
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "resettle", "static", "dist");
const modules = join(root, "node_modules");
mkdirSync(out, { recursive: true });

let dependencyWarnings = 0;
const css = sass.compile(join(root, "frontend", "app.scss"), {
  style: "compressed",
  loadPaths: [root],
  quietDeps: true,
  silenceDeprecations: ["import"],
  // MOJ Frontend still calls GOV.UK mixins that GOV.UK has deprecated; those warnings are
  // theirs to fix, so count them rather than bury our own in them.
  logger: { warn: () => dependencyWarnings++ },
});
writeFileSync(join(out, "app.css"), css.css);

const copies = [
  ["govuk-frontend/dist/govuk/govuk-frontend.min.js", "govuk-frontend.min.js"],
  ["@ministryofjustice/frontend/moj/moj-frontend.min.js", "moj-frontend.min.js"],
  ["htmx.org/dist/htmx.min.js", "htmx.min.js"],
  ["axe-core/axe.min.js", "axe.min.js"],
];
for (const [from, to] of copies) cpSync(join(modules, from), join(out, to));
// MOJ's generic icons, and our own favicon; never GOV.UK's crown or crest.
cpSync(join(modules, "@ministryofjustice/frontend/moj/assets/images"), join(out, "images"), {
  recursive: true,
  filter: (path) => !/crown|crest/.test(path),
});
cpSync(join(root, "frontend", "images"), join(out, "images"), { recursive: true });
console.log(`built ${out} (${dependencyWarnings} warnings from dependencies)`);
