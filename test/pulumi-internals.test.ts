import * as assert from "node:assert";
import { CHECKED_PULUMI_VERSION, INTERNALS, internalProblems } from "../offline/pulumi-internals";

const settings = require("@pulumi/pulumi/runtime/settings") as Record<string, unknown>;
const runtimeConfig = require("@pulumi/pulumi/runtime/config") as Record<string, unknown>;

/** Runs `body` with `obj[key]` replaced, then puts it back. */
function replaced<T>(obj: Record<string, unknown>, key: string, value: unknown, body: () => T): T {
    const saved = obj[key];
    obj[key] = value;
    try {
        return body();
    } finally {
        obj[key] = saved;
    }
}

describe("Pulumi SDK internals (offline/pulumi-internals.ts)", () => {
    it("every internal the program and the offline engine use is still there, with the shape relied on", () => {
        assert.deepStrictEqual(internalProblems(), []);
    });

    it("names the checked SDK version, and it is the one installed", () => {
        // A deliberate upgrade re-checks the internals, then bumps CHECKED_PULUMI_VERSION.
        assert.strictEqual(require("@pulumi/pulumi/package.json").version, CHECKED_PULUMI_VERSION);
    });

    it("covers every internal by name", () => {
        assert.deepStrictEqual(
            INTERNALS.map((c) => c.name),
            [
                "runtime/settings.waitForRPCs",
                "runtime/config.isConfigSecret",
                "runtime/callbacks.CallbackServer.prototype.registerResourceHook",
                "Output.promise",
                "generated class isInstance by __pulumiType",
            ],
        );
    });

    const cases: { what: string; obj: Record<string, unknown>; key: string; value: unknown; message: string }[] = [
        {
            what: "a removed waitForRPCs",
            obj: settings,
            key: "waitForRPCs",
            value: undefined,
            message:
                "@pulumi/pulumi internal runtime/settings.waitForRPCs is gone (checked against 3.270.0): update offline/pulumi-internals.ts",
        },
        {
            what: "a waitForRPCs that takes an argument",
            obj: settings,
            key: "waitForRPCs",
            value: (_timeout: number) => Promise.resolve(),
            message:
                "@pulumi/pulumi internal runtime/settings.waitForRPCs takes 1 arguments, not 0 (checked against 3.270.0): update offline/pulumi-internals.ts",
        },
        {
            what: "an isConfigSecret that became a value",
            obj: runtimeConfig,
            key: "isConfigSecret",
            value: true,
            message:
                "@pulumi/pulumi internal runtime/config.isConfigSecret is a boolean (checked against 3.270.0): update offline/pulumi-internals.ts",
        },
    ];
    for (const c of cases) {
        it(`fails loudly, naming the internal, on ${c.what}`, () => {
            assert.deepStrictEqual(
                replaced(c.obj, c.key, c.value, () => internalProblems()),
                [c.message],
            );
        });
    }

    it("names a check that throws instead of crashing", () => {
        const broken = [
            {
                name: "runtime/x.y",
                problem: () => {
                    throw new Error("Cannot find module 'x'\nstack");
                },
            },
        ];
        assert.deepStrictEqual(internalProblems(broken), [
            "@pulumi/pulumi internal runtime/x.y cannot be loaded (Cannot find module 'x') (checked against 3.270.0): update offline/pulumi-internals.ts",
        ]);
    });
});
