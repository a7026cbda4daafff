import * as assert from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { runComponent, stackRegistry } from "../offline/engine/program";
import { urnsOf } from "../offline/engine/urns";

/**
 * Live dev and staging stacks exist: a resource whose URN changes (a renamed child, type or parent) is deleted and
 * created again by the next `pulumi up`, and for a database that means its data. The fixtures list every URN the
 * program has declared for each committed stack (the URNs of the last release, plus every older one, since a stack not
 * yet upgraded still holds them); each must still be declared, or be an alias
 * of a resource that is. Regenerate a fixture only when a resource is removed on purpose, and say so in the commit.
 */
const baseline = (stack: string): string[] =>
    fs
        .readFileSync(path.join(__dirname, "fixtures", "urns", `${stack}.txt`), "utf8")
        .split("\n")
        .filter((l) => l.length > 0);

describe("URNs of live stacks", () => {
    for (const stack of ["dev", "staging"]) {
        it(`${stack}: every URN of the live stack is still declared or aliased`, async () => {
            const { urns, aliases } = urnsOf(await stackRegistry(stack), stack);
            const lost = baseline(stack).filter((urn) => !urns.has(urn) && !aliases.has(urn));
            assert.deepStrictEqual(lost, [], `these resources would be replaced by the next pulumi up on ${stack}`);
        });
    }

    it("forms URNs with the parent's whole type chain, as the engine does", async () => {
        class Outer extends pulumi.ComponentResource {
            constructor(name: string) {
                super("platform:test:Outer", name, {});
                const inner = new pulumi.ComponentResource("platform:test:Inner", `${name}-inner`, {}, { parent: this });
                new random.RandomPassword(`${name}-secret`, { length: 8 }, { parent: inner });
                this.registerOutputs({});
            }
        }
        const { urns } = urnsOf(
            await runComponent(() => {
                new Outer("x");
            }),
            "test",
        );
        assert.ok(
            urns.has(
                "urn:pulumi:test::platform::platform:test:Outer$platform:test:Inner$random:index/randomPassword:RandomPassword::x-secret",
            ),
            [...urns.keys()].join("\n"),
        );
    });

    it("counts a renamed or re-parented resource as kept only through its alias", async () => {
        const declare = (withAlias: boolean) => () => {
            const parent = new pulumi.ComponentResource("platform:test:Parent", "p", {});
            new random.RandomPassword(
                "renamed",
                { length: 8 },
                { parent, aliases: withAlias ? [{ name: "old", parent: pulumi.rootStackResource }] : [] },
            );
        };
        const old = "urn:pulumi:test::platform::random:index/randomPassword:RandomPassword::old";
        assert.ok(urnsOf(await runComponent(declare(true)), "test").aliases.has(old));
        assert.ok(!urnsOf(await runComponent(declare(false)), "test").aliases.has(old));
    });

    it("derives the aliases of the children of a renamed component, as Pulumi does", async () => {
        const declare = (withAlias: boolean) => () => {
            const parent = new pulumi.ComponentResource(
                "platform:vpn:ClientVpn",
                "dev-vpn",
                {},
                { aliases: withAlias ? [{ type: "platform:access:ClientVpn" }] : [] },
            );
            new random.RandomPassword("dev-vpn-secret", { length: 8 }, { parent });
        };
        const old = "urn:pulumi:test::platform::platform:access:ClientVpn$random:index/randomPassword:RandomPassword::dev-vpn-secret";
        assert.ok(urnsOf(await runComponent(declare(true)), "test").aliases.has(old));
        assert.ok(!urnsOf(await runComponent(declare(false)), "test").aliases.has(old));
        const renamed = () => {
            const parent = new pulumi.ComponentResource("platform:test:Parent", "new", {}, { aliases: [{ name: "old" }] });
            new random.RandomPassword("new-secret", { length: 8 }, { parent });
        };
        assert.ok(
            urnsOf(await runComponent(renamed), "test").aliases.has(
                "urn:pulumi:test::platform::platform:test:Parent$random:index/randomPassword:RandomPassword::old-secret",
            ),
        );
    });

    it("keeps a child whose type was renamed with its parent's, through its own alias under the parent's old URN", async () => {
        const declare = (childAlias: boolean) => () => {
            const parent = new pulumi.ComponentResource(
                "platform:vpn:ClientVpn",
                "dev-vpn",
                {},
                { aliases: [{ type: "platform:access:ClientVpn" }] },
            );
            new pulumi.ComponentResource(
                "platform:vpn:OfficeHours",
                "dev-vpn-office-hours",
                {},
                { parent, aliases: childAlias ? [{ type: "platform:access:OfficeHours" }] : [] },
            );
        };
        const old = "urn:pulumi:test::platform::platform:access:ClientVpn$platform:access:OfficeHours::dev-vpn-office-hours";
        assert.ok(urnsOf(await runComponent(declare(true)), "test").aliases.has(old));
        assert.ok(!urnsOf(await runComponent(declare(false)), "test").aliases.has(old));
    });
});
