/**
 * Offline synth: runs the real program for a stack's config under Pulumi's mocks, prints the component tree and totals,
 * writes synth/<stack>/resources.json, synth/<stack>/manifests/*.yaml and what each Helm release installs
 * (synth/<stack>/charts/<release>/*.yaml, rendered by a real Helm from the vendored chart), and runs the policy rules.
 *   npm run synth [-- --stack <name>] [--check]
 */
import * as fs from "node:fs";
import * as yaml from "js-yaml";
import * as path from "node:path";
import { mandatoryViolations } from "../policy/run";
import { isConfigError } from "../stacks/messages";
import { checkPolicies } from "../offline/engine/policy";
import { runProgram } from "../offline/engine/program";
import type { RecordedResource, Registry } from "../offline/engine/registry";
import { ROOT, readStackFile } from "../offline/engine/stackfile";
import { manifestOf, redactedInputs } from "../offline/engine/manifests";
import { printTree } from "./synth-output";
import { exitWhenFlushed } from "./exit";
import { writeChartOutputs } from "./synth-charts";

function parseArgs(argv: string[]): { stack: string; check: boolean; quiet: boolean } {
    const args = { stack: "dev", check: false, quiet: false };
    for (let i = 0; i < argv.length; i++) {
        if (argv[i] === "--stack" || argv[i] === "-s") args.stack = argv[++i];
        else if (argv[i].startsWith("--stack=")) args.stack = argv[i].slice(8);
        else if (argv[i] === "--check") args.check = true;
        else if (argv[i] === "--quiet") args.quiet = true;
        else throw new Error(`unknown argument ${argv[i]}; use --stack <name>, --check, --quiet`);
    }
    return args;
}

export async function synth(stack: string): Promise<{ registry: Registry; placeholders: string[] }> {
    const file = readStackFile(stack);
    const registry = await runProgram({ stack, config: file.config, secretKeys: file.secretKeys });
    return { registry, placeholders: file.placeholders };
}

async function writeOutputs(stack: string, registry: Registry): Promise<string> {
    const dir = path.join(ROOT, "synth", stack);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(path.join(dir, "manifests"), { recursive: true });
    const rows = registry.resources.map((r: RecordedResource) => ({
        type: r.type,
        name: r.name,
        parent: r.parent ?? null,
        provider: r.provider ?? null,
        protect: r.protect,
        inputs: redactedInputs(r),
    }));
    fs.writeFileSync(
        path.join(dir, "resources.json"),
        JSON.stringify({ stack, resources: rows, outputs: redactOutputs(registry) }, null, 2),
    );
    let index = 0;
    for (const r of registry.resources) {
        const manifest = manifestOf(r);
        if (!manifest) continue;
        const file = `${String(++index).padStart(3, "0")}-${manifest.kind.toLowerCase()}-${r.name}.yaml`;
        fs.writeFileSync(path.join(dir, "manifests", file), yaml.dump(manifest, { noRefs: true, lineWidth: 140 }));
    }
    return dir;
}

function redactOutputs(registry: Registry): Record<string, unknown> {
    return Object.fromEntries(Object.entries(registry.outputs).map(([k, v]) => [k, v.secret ? "[secret]" : v.value]));
}

async function main(): Promise<number> {
    const args = parseArgs(process.argv.slice(2));
    let result: Awaited<ReturnType<typeof synth>>;
    try {
        result = await synth(args.stack);
    } catch (err) {
        if (isConfigError(err)) {
            console.error(`synth ${args.stack}: ${err.message}`);
            return 2;
        }
        throw err;
    }
    const { registry, placeholders } = result;
    if (placeholders.length > 0) {
        console.log(
            `note: ${placeholders.join(", ")} ${placeholders.length === 1 ? "is" : "are"} encrypted or unset in Pulumi.${args.stack}.yaml; synth uses visible PLACEHOLDER values.`,
        );
    }
    if (!args.quiet) printTree(registry, args.stack);
    const dir = await writeOutputs(args.stack, registry);
    const started = Date.now();
    const releases = writeChartOutputs(dir, registry);
    const counts = releases.map((r) => `${r.release} ${r.objects.length}${r.crds.length ? ` + ${r.crds.length} CRDs` : ""}`).join(", ");
    console.log(
        `wrote ${path.relative(process.cwd(), dir)}/resources.json, manifests/ and charts/ (${releases.length} releases rendered in ${Date.now() - started} ms: ${counts})`,
    );

    const results = checkPolicies(registry);
    const failing = results.filter((r) => r.violations.length > 0);
    console.log(`\npolicy: ${results.length} rules, ${failing.length} with violations`);
    for (const r of failing) {
        for (const v of r.violations)
            console.log(`  [${r.rule.enforcement}] ${r.rule.id} ${r.rule.name}: ${v.urn ?? "(stack)"}: ${v.message}`);
    }
    const mandatory = mandatoryViolations(results);
    if (args.check && mandatory.length > 0) {
        console.error(`synth --check: ${mandatory.length} mandatory policy violation(s)`);
        return 1;
    }
    return 0;
}

if (require.main === module) {
    main().then(exitWhenFlushed, (err) => {
        console.error(err instanceof Error ? err.stack : err);
        exitWhenFlushed(1);
    });
}
