import * as assert from "node:assert";
import * as fs from "node:fs";
import * as yaml from "js-yaml";
import * as path from "node:path";
import { configReference } from "../scripts/config-reference";
import { stackRegistry, stackRegistryWithSecrets } from "../offline/engine/program";
import type { Registry } from "../offline/engine/registry";
import { ROOT } from "../offline/engine/stackfile";

/** The operator docs: what a runbook tells someone to type has to work against the program as it is. */
const DOCS = [
    "README.md",
    ...fs
        .readdirSync(path.join(ROOT, "docs"))
        .filter((f) => f.endsWith(".md"))
        .map((f) => `docs/${f}`),
];
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");

interface Mention {
    file: string;
    line: number;
    name: string;
}

function lineOf(text: string, index: number): number {
    return text.slice(0, index).split("\n").length;
}

/** The output each `pulumi stack output [flags] <name>` reads; flags, redirections and prose after it are skipped. */
function stackOutputMentions(file: string, text: string): Mention[] {
    const out: Mention[] = [];
    for (const m of text.matchAll(/pulumi stack output\b([^\n]*)/g)) {
        const rest = m[1]
            .split(/[`|>)<;&#]/)[0]
            .trim()
            .split(/\s+/)
            .filter(Boolean);
        for (let i = 0; i < rest.length; i++) {
            if (rest[i] === "--stack" || rest[i] === "-s") {
                i++;
                continue;
            }
            if (rest[i].startsWith("-")) continue;
            if (/^[A-Za-z]\w*$/.test(rest[i])) out.push({ file, line: lineOf(text, m.index!), name: rest[i] });
            break;
        }
    }
    return out;
}

/** Backticked names in the first column of tables whose first header cell is "output". */
function outputTableMentions(file: string, text: string): Mention[] {
    const out: Mention[] = [];
    const lines = text.split("\n");
    for (let i = 0; i < lines.length; i++) {
        if (!/^\|\s*outputs?\s*\|/i.test(lines[i])) continue;
        for (let j = i + 2; j < lines.length && lines[j].startsWith("|"); j++) {
            const first = lines[j].split("|")[1] ?? "";
            for (const m of first.matchAll(/`([A-Za-z]\w*)`/g)) out.push({ file, line: j + 1, name: m[1] });
        }
    }
    return out;
}

/** `platform:<key>` config keys (type tokens such as platform:data:Database are not keys). */
function configKeyMentions(file: string, text: string): Mention[] {
    const out: Mention[] = [];
    for (const m of text.matchAll(/platform:([A-Za-z]\w*(?:\.[A-Za-z]\w*|\[\d+\])*)(?![\w:])/g)) {
        out.push({ file, line: lineOf(text, m.index!), name: m[1].replace(/\[\d+\]/g, "") });
    }
    return out;
}

/** Every config key the schema accepts: the leaves of the config reference (README), e.g. vpn.officeHours.days. */
function schemaKeys(): string[] {
    return [...configReference().matchAll(/^\| `platform:([^`]+)` \|/gm)].map((m) => m[1]);
}

/** A key names an accepted setting: a leaf, an object above leaves (vpn.officeHours), or inside a list/map leaf (tags.team). */
function isConfigKey(key: string, leaves: string[]): boolean {
    return leaves.some((leaf) => key === leaf || leaf.startsWith(`${key}.`) || key.startsWith(`${leaf}.`));
}

const STALE_CLAIM = /once (?:that|the) (?:config )?key exists|until it exists|requested from the lead|not (?:yet )?a config key/i;

describe("docs agree with the code", () => {
    let dev: Registry;
    const leaves = schemaKeys();
    before(async () => {
        dev = await stackRegistry("dev");
    });
    const exported = (name: string) => dev.outputs[name] !== undefined && dev.outputs[name].value !== undefined;

    it("the extractors find what runbooks and tables name (and skip flags, prose and type tokens)", () => {
        const text = [
            "ENDPOINT=$(pulumi stack output vpnEndpointId)",
            "read it with `pulumi stack output --show-secrets` and never",
            "pulumi stack output --stack dev kubeconfig --show-secrets > kubeconfig",
            "| output | what |",
            "|---|---|",
            "| `a`, `b` (see `c`) | x |",
            "",
            "platform:vpn.clients[1] and platform:data:Database and `platform:tags`.",
        ].join("\n");
        assert.deepStrictEqual(
            stackOutputMentions("f", text).map((m) => m.name),
            ["vpnEndpointId", "kubeconfig"],
        );
        assert.deepStrictEqual(
            outputTableMentions("f", text).map((m) => m.name),
            ["a", "b", "c"],
        );
        assert.deepStrictEqual(
            configKeyMentions("f", text).map((m) => m.name),
            ["vpn.clients", "tags"],
        );
        assert.ok(isConfigKey("vpn.officeHours", leaves) && isConfigKey("tags.team", leaves) && !isConfigKey("vpn.client", leaves));
    });

    it("every stack output the docs read (`pulumi stack output X`, output tables) is exported by dev", () => {
        const mentions = DOCS.flatMap((f) => [...stackOutputMentions(f, read(f)), ...outputTableMentions(f, read(f))]);
        assert.ok(mentions.length > 30, `found only ${mentions.length} mentions`);
        assert.deepStrictEqual(
            mentions.filter((m) => !exported(m.name)).map((m) => `${m.file}:${m.line} ${m.name}`),
            [],
        );
    });

    it("the README's output table lists every output dev exports", () => {
        const listed = new Set(outputTableMentions("README.md", read("README.md")).map((m) => m.name));
        assert.deepStrictEqual(
            Object.keys(dev.outputs).filter((k) => exported(k) && !listed.has(k)),
            [],
        );
    });

    it("every platform:* config key the docs and Pulumi.yaml name is in the config schema", () => {
        const mentions = [...DOCS, "Pulumi.yaml"].flatMap((f) => configKeyMentions(f, read(f)));
        assert.ok(mentions.length > 30, `found only ${mentions.length} mentions`);
        assert.deepStrictEqual(
            mentions.filter((m) => !isConfigKey(m.name, leaves)).map((m) => `${m.file}:${m.line} platform:${m.name}`),
            [],
        );
    });

    it("no paragraph says a config key is missing or pending when it exists", () => {
        const stale: string[] = [];
        for (const file of DOCS) {
            const text = read(file);
            // Paragraphs and list items: a claim and its key sit in the same one.
            for (const block of text.split(/\n\s*\n|\n(?=\s*(?:[-*]|\d+\.) )/)) {
                if (!STALE_CLAIM.test(block)) continue;
                const keys = configKeyMentions(file, block).filter((m) => isConfigKey(m.name, leaves));
                if (keys.length > 0)
                    stale.push(`${file}: ${keys.map((k) => `platform:${k.name}`).join(", ")}: "${block.match(STALE_CLAIM)![0]}"`);
            }
        }
        assert.deepStrictEqual(stale, []);
    });

    it("Pulumi.yaml's descriptions claim nothing the program does not do", async () => {
        const template = (yaml.load(read("Pulumi.yaml")) as any).template.config as Record<string, { description?: string }>;
        // Registration needs a token, which no committed stack file holds in the clear: run dev with one.
        const withToken = await stackRegistryWithSecrets("dev", { "platform:githubToken": "ghp_mocktoken0123456789" });
        const registers = withToken.resources.some((r) => r.type.startsWith("github:"));
        const claims = Object.entries(template).filter(
            ([, v]) =>
                /\bregisters? the (?:Flux )?deploy key\b/i.test(v.description ?? "") && !/does not register/i.test(v.description ?? ""),
        );
        assert.deepStrictEqual(registers ? [] : claims.map(([k]) => k), []);
        assert.deepStrictEqual(
            Object.keys(template).filter((k) => k.startsWith("platform:") && !isConfigKey(k.slice("platform:".length), leaves)),
            [],
        );
    });

    it("runbooks name resources and types that exist: URN placeholders, jq selects, grep over --show-urns", () => {
        const urns = dev.resources.map((r) => `${r.type}::${r.name}`);
        const missing: string[] = [];
        for (const file of DOCS) {
            const text = read(file);
            const check = (re: RegExp, found: (s: string) => boolean) => {
                for (const m of text.matchAll(re)) if (!found(m[1])) missing.push(`${file}:${lineOf(text, m.index!)} ${m[1]}`);
            };
            check(/urn of (?:<stack>|\.\.\.|…)(-[\w-]+)>/g, (suffix) => dev.resources.some((r) => r.name.endsWith(suffix)));
            check(/endswith\("(-[\w-]+)"\)/g, (suffix) => dev.resources.some((r) => r.name.endsWith(suffix)));
            check(/\.type == "([^"]+)"/g, (type) => dev.ofType(type).length > 0);
            check(/pulumi stack --show-urns \| grep (?:-- )?'?([\w:/-]+)'?/g, (s) => urns.some((u) => u.includes(s)));
        }
        assert.deepStrictEqual(missing, []);
    });
});
