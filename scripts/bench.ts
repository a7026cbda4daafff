/**
 * Benchmark: wall time and peak memory of the offline synth, next to the time of merely loading the Pulumi SDKs.
 * Each measurement runs in a fresh Node process (cold module cache), `--runs` times (default 3); medians are reported.
 *   npm run bench [-- --stack dev --runs 3]
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..");

function measure(script: string): { ms: number; maxRssMb: number } {
    const wrapped = `const t0 = process.hrtime.bigint();
(async () => { ${script} })().then(() => {
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  process.stdout.write("\\nBENCH " + JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024 }) + "\\n");
  process.exit(0);
}, (e) => { console.error(e); process.exit(1); });`;
    const r = spawnSync(process.execPath, ["--import", "tsx", "-e", wrapped], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    const line = r.stdout.split("\n").find((l) => l.startsWith("BENCH "));
    if (r.status !== 0 || !line) throw new Error(`benchmark child failed (${r.status}): ${r.stderr.slice(-2000)}`);
    return JSON.parse(line.slice(6));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function main(): void {
    const argv = process.argv.slice(2);
    const stack = argv.includes("--stack") ? argv[argv.indexOf("--stack") + 1] : "dev";
    const runs = argv.includes("--runs") ? Number(argv[argv.indexOf("--runs") + 1]) : 3;
    const cases: [string, string][] = [
        [
            "load SDKs (@pulumi/pulumi, aws, eks, kubernetes, random, tls)",
            `for (const m of ["@pulumi/pulumi", "@pulumi/aws", "@pulumi/eks", "@pulumi/kubernetes", "@pulumi/random", "@pulumi/tls"]) require(m);`,
        ],
        [
            `synth ${stack} (program + policy rules, no file output)`,
            `const { synth } = require("./scripts/synth"); const { checkPolicies } = require("./offline/engine/policy");
             const { registry } = await synth(${JSON.stringify(stack)}); checkPolicies(registry);
             console.log("resources", registry.resources.length);`,
        ],
    ];
    console.log(`node ${process.version}, ${runs} run(s) each, fresh process per run`);
    for (const [label, script] of cases) {
        const results = Array.from({ length: runs }, () => measure(script));
        console.log(
            `${label}: median ${median(results.map((r) => r.ms)).toFixed(0)} ms, peak RSS ${median(results.map((r) => r.maxRssMb)).toFixed(0)} MiB` +
                `  [runs: ${results.map((r) => r.ms.toFixed(0)).join(", ")} ms]`,
        );
    }
}

main();
