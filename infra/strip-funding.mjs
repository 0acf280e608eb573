// `make lock`: package-lock.json without the packages' funding links (their addresses are no business of the
// lock file's; .npmrc already keeps npm's download addresses out). Run in the folder of the lock file.
import { readFileSync, writeFileSync } from "node:fs";

const lock = JSON.parse(readFileSync("package-lock.json", "utf8"));
for (const entry of Object.values(lock.packages)) delete entry.funding;
writeFileSync("package-lock.json", `${JSON.stringify(lock, null, 2)}\n`);
