import * as assert from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { runComponent, stackRegistry } from "../offline/engine/program";
import type { Registry } from "../offline/engine/registry";

/** What the Node SDK writes when an Output is serialized as JSON instead of being resolved. */
const TO_JSON_WARNING = "Calling [toJSON] on an [Output<T>]";

describe("stack outputs settle the way the engine settles them", () => {
    it("the harness resolves Outputs inside lists and objects, and a secret part makes the output secret", async () => {
        const reg = await runComponent(() => ({
            list: [pulumi.output("a"), pulumi.secret("b")],
            object: { plain: "c", inner: pulumi.output({ deep: pulumi.output("d") }) },
            whole: pulumi.output(["e"]),
        }));
        assert.deepStrictEqual(reg.outputs.list, { value: ["a", "b"], secret: true, nested: true });
        assert.deepStrictEqual(reg.outputs.object, { value: { plain: "c", inner: { deep: "d" } }, secret: false, nested: true });
        assert.deepStrictEqual(reg.outputs.whole, { value: ["e"], secret: false });
    });

    const stacks: Record<string, Registry> = {};
    before(async () => {
        for (const stack of ["dev", "staging"]) stacks[stack] = await stackRegistry(stack);
    });

    for (const stack of ["dev", "staging"]) {
        it(`${stack}: no output holds the toJSON warning, and every output is one Output (pulumi.all for lists)`, () => {
            const out = stacks[stack].outputs;
            assert.deepStrictEqual(
                Object.keys(out).filter((k) => (JSON.stringify(out[k].value) ?? "").includes(TO_JSON_WARNING)),
                [],
            );
            assert.deepStrictEqual(
                Object.keys(out).filter((k) => out[k].nested),
                [],
            );
        });

        it(`${stack}: searchWriterRoleArns is the logs and traces roles' two ARNs, readable`, () => {
            const reg = stacks[stack];
            const roles = reg.ofType("aws:iam/role:Role").filter((r) => /-observability-(logs|traces)-role$/.test(r.name));
            assert.strictEqual(roles.length, 2);
            assert.deepStrictEqual(reg.outputs.searchWriterRoleArns, { value: roles.map((r) => r.outputs.arn), secret: false });
            for (const arn of reg.outputs.searchWriterRoleArns.value as string[]) assert.match(arn, /^arn:aws:iam::\d{12}:role\//);
        });
    }
});
