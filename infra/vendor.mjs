// `make vendor`: writes what the app takes from npm packages into pwa/vendor/, which is committed, so that
// running, testing, packaging and the image need no Node.js. Inputs are pinned by package-lock.json.
//   pwa/vendor/kern.css         the KERN components the app uses (pwa/styles/kern.scss), compiled by sass
//   pwa/vendor/fonts/*.woff2    Fira Sans (KERN's family), regular and semi-bold, subset to Latin by fonttools
//   pwa/vendor/fonts.css        their @font-face rules, font-display: swap
//   pwa/vendor/swagger-ui/      Swagger UI 5 for /schema (reads OpenAPI 3.1)
//   pwa/vendor/leaflet/         Leaflet (script and styles; the app draws its own markers, so no images)
//   pwa/vendor/LICENSES.md      what each file is, its version and licence
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const modules = join(root, "node_modules");
const vendor = join(root, "pwa", "vendor");
const version = (name) => JSON.parse(readFileSync(join(modules, name, "package.json"), "utf8")).version;

rmSync(vendor, { recursive: true, force: true });
mkdirSync(join(vendor, "fonts"), { recursive: true });
mkdirSync(join(vendor, "swagger-ui"), { recursive: true });
mkdirSync(join(vendor, "leaflet"), { recursive: true });

const kern = sass.compile(join(root, "pwa", "styles", "kern.scss"), {
  style: "compressed",
  loadPaths: [modules],
  quietDeps: true, // KERN's own deprecation warnings: ours would still show
});
writeFileSync(join(vendor, "kern.css"), `/* KERN ${version("@kern-ux/native")} (EUPL-1.2), components used by VoluMap */\n${kern.css}\n`);

// German and the Latin-script languages residents write in; anything else falls back to the system font.
const LATIN = "U+0020-007E,U+00A0-017F,U+0218-021B,U+02C6,U+02DA,U+02DC,U+2010-2027,U+2030,U+2039-203A,U+20AC,U+2190-2193,U+2212";
const fonts = [
  ["FiraSans-Regular", 400],
  ["FiraSans-SemiBold", 600],
];
const faces = [];
for (const [name, weight] of fonts) {
  execFileSync(join(root, ".venv", "bin", "pyftsubset"), [
    join(modules, "@kern-ux", "native", "dist", "fonts", "fira-sans", `${name}.woff2`),
    `--unicodes=${LATIN}`,
    "--layout-features=kern,liga,calt,tnum,lnum",
    "--flavor=woff2",
    `--output-file=${join(vendor, "fonts", `${name}.woff2`)}`,
  ]);
  faces.push(
    `@font-face{font-family:"Fira Sans";font-style:normal;font-weight:${weight};font-display:swap;` +
      `src:url("fonts/${name}.woff2") format("woff2")}`,
  );
}
writeFileSync(join(vendor, "fonts.css"), `${faces.join("\n")}\n`);

for (const file of ["swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png"]) {
  copyFileSync(join(modules, "swagger-ui-dist", file), join(vendor, "swagger-ui", file));
}

for (const file of ["leaflet.js", "leaflet.css"]) {
  copyFileSync(join(modules, "leaflet", "dist", file), join(vendor, "leaflet", file));
}

writeFileSync(
  join(vendor, "LICENSES.md"),
  `# Third-party files in pwa/vendor/

Written by \`make vendor\` (infra/vendor.mjs) from the npm packages pinned in package-lock.json; do not edit.

| files | package | version | licence |
| --- | --- | --- | --- |
| kern.css | @kern-ux/native (KERN UX-Standard) | ${version("@kern-ux/native")} | EUPL-1.2 |
| fonts/*.woff2 | Fira Sans, from @kern-ux/native, subset to Latin | ${version("@kern-ux/native")} | SIL Open Font License 1.1 |
| swagger-ui/* | swagger-ui-dist | ${version("swagger-ui-dist")} | Apache-2.0 |
| leaflet/* | leaflet | ${version("leaflet")} | BSD-2-Clause |
`,
);
console.log(`pwa/vendor written (KERN ${version("@kern-ux/native")}, Swagger UI ${version("swagger-ui-dist")}, Leaflet ${version("leaflet")})`);
