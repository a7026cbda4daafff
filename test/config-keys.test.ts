import * as assert from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { TEMPLATE_BEGIN, leafKeys, pulumiTemplate, withTemplate } from "../scripts/config-reference";
import { LAYERS, SCALARS, SECRETS, TIERS } from "../stacks/keys";
import { layerSchemas } from "../stacks/schema";
import { loadMinimalStack } from "../offline/engine/minimal-stack";
import { ROOT } from "../offline/engine/stackfile";

const at = (o: any, p: string[]) => p.reduce((v, k) => v?.[k], o);
const keys = Object.entries(LAYERS).flatMap(([layer, g]) => leafKeys(g.fields, [layer]));

describe("config key registry (stacks/keys/)", () => {
    const pulumiYaml = fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8");

    it("Pulumi.yaml's template is the one generated from the registry (regenerate: npm run config-reference -- --write)", () => {
        assert.ok(pulumiYaml.includes(TEMPLATE_BEGIN));
        assert.strictEqual(pulumiYaml, withTemplate(pulumiYaml));
    });

    it("Pulumi.yaml's template declares exactly the top-level keys the loader reads, secrets marked secret", () => {
        const template = (yaml.load(pulumiYaml) as any).template.config as Record<string, { secret?: boolean; description?: string }>;
        const expected = [
            "aws:region",
            ...[...Object.keys(SCALARS), ...Object.keys(layerSchemas), ...Object.keys(SECRETS)].map((k) => `platform:${k}`),
        ];
        assert.deepStrictEqual(Object.keys(template).sort(), expected.sort());
        assert.deepStrictEqual(
            Object.keys(template)
                .filter((k) => template[k].secret)
                .sort(),
            Object.keys(SECRETS)
                .map((k) => `platform:${k}`)
                .sort(),
        );
        assert.deepStrictEqual(
            Object.keys(template).filter((k) => !template[k].description),
            [],
        );
        assert.strictEqual(pulumiTemplate().split("\n")[0], TEMPLATE_BEGIN);
    });

    it("every key has a description", () => {
        assert.deepStrictEqual(
            keys.filter(([, k]) => k.description.trim().length < 10).map(([p]) => p.join(".")),
            [],
        );
    });

    it("every tier default passes its own key's validation", () => {
        const refused = keys.flatMap(([p, k]) =>
            TIERS.filter((t) => k.default?.[t] !== undefined && !k.schema.safeParse(k.default[t]).success).map(
                (t) => `${t} ${p.join(".")}`,
            ),
        );
        assert.deepStrictEqual(refused, []);
    });

    it("a stack that sets nothing gets each key's registry default, per tier (the resolvers keep no default of their own)", () => {
        const differs: string[] = [];
        for (const tier of TIERS) {
            const config = loadMinimalStack(tier);
            for (const [p, k] of keys) {
                // Derived keys are computed from other config; requiredIn keys are set by the minimal stack.
                if (k.derived || k.requiredIn?.includes(tier) || k.kind === "required" || k.kind === "derived") continue;
                const want = k.default?.[tier];
                if (JSON.stringify(at(config, p)) !== JSON.stringify(want))
                    differs.push(`${tier} ${p.join(".")}: ${JSON.stringify(at(config, p))} != ${JSON.stringify(want)}`);
            }
            if (config.protect !== SCALARS.protect.default[tier]) differs.push(`${tier} protect`);
        }
        assert.deepStrictEqual(differs, []);
    });

    it("derived and optional keys are documented as such: how the default is computed, or that unset means off", () => {
        assert.deepStrictEqual(
            keys.filter(([, k]) => k.kind === "derived" && !k.derived).map(([p]) => p.join(".")),
            [],
        );
        assert.deepStrictEqual(
            keys.filter(([, k]) => k.kind === "default" && k.default === undefined).map(([p]) => p.join(".")),
            [],
        );
    });
});
