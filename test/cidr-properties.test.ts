import * as assert from "node:assert";
import fc from "fast-check";
import { type Cidr, contains, formatCidr, mask, overlaps, parseCidr, subnet } from "../stacks/cidr";
import type { Problem } from "../stacks/messages";
import { checkSubnets, planSubnets } from "../stacks/network";

// Deterministic and quick: a failure reproduces from the seed, and each property stays well under a second.
const RUNS = { numRuns: 200, seed: 20261201 };

/** An aligned IPv4 block with a prefix in [min, max]. */
const cidrArb = (min = 0, max = 32): fc.Arbitrary<Cidr> =>
    fc
        .tuple(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min, max }))
        .map(([addr, prefix]) => ({ base: (addr & mask(prefix)) >>> 0, prefix }));

const parsed = (text: string): Cidr => {
    const c = parseCidr(text);
    assert.ok(typeof c === "object", `${text} does not parse: ${c}`);
    return c;
};

describe("CIDR planning, properties (stacks/cidr.ts, stacks/network.ts)", () => {
    it("formatCidr and parseCidr round-trip every aligned block", () => {
        fc.assert(
            fc.property(cidrArb(), (c) => assert.deepStrictEqual(parseCidr(formatCidr(c)), c)),
            RUNS,
        );
    });

    it("a block with host bits set is misaligned, never silently truncated", () => {
        fc.assert(
            fc.property(cidrArb(0, 31), fc.integer({ min: 1, max: 0x7fffffff }), (c, offset) => {
                const host = offset % 2 ** (32 - c.prefix);
                fc.pre(host !== 0);
                assert.strictEqual(parseCidr(formatCidr({ base: c.base + host, prefix: c.prefix })), "misaligned");
            }),
            RUNS,
        );
    });

    it("overlaps is symmetric, every block overlaps itself, and containment implies overlap", () => {
        fc.assert(
            fc.property(cidrArb(), cidrArb(), (a, b) => {
                assert.strictEqual(overlaps(a, b), overlaps(b, a));
                assert.ok(overlaps(a, a) && contains(a, a));
                if (contains(a, b)) assert.ok(overlaps(a, b));
                // Aligned blocks either nest or are disjoint.
                if (overlaps(a, b)) assert.ok(contains(a, b) || contains(b, a));
            }),
            RUNS,
        );
    });

    it("subnet carves aligned blocks inside the parent, disjoint by index, covering it exactly", () => {
        fc.assert(
            fc.property(cidrArb(8, 28), fc.integer({ min: 1, max: 4 }), (parent, newBits) => {
                const blocks = Array.from({ length: 2 ** newBits }, (_, i) => subnet(parent, newBits, i));
                blocks.forEach((b, i) => {
                    assert.strictEqual(b.prefix, parent.prefix + newBits);
                    assert.strictEqual((b.base & mask(b.prefix)) >>> 0, b.base, `block ${i} is aligned`);
                    assert.ok(contains(parent, b));
                    for (const o of blocks.slice(i + 1)) assert.ok(!overlaps(b, o));
                });
                assert.strictEqual(
                    blocks.reduce((sum, b) => sum + 2 ** (32 - b.prefix), 0),
                    2 ** (32 - parent.prefix),
                );
                assert.throws(() => subnet(parent, newBits, 2 ** newBits), /cannot carve/);
            }),
            RUNS,
        );
    });

    it("planSubnets: one private and one public subnet per AZ, aligned, inside the VPC, none overlapping, and checkSubnets accepts them", () => {
        // What the program plans from: a /16 to /24 VPC and 2 or 3 AZs (stacks/layers.ts).
        fc.assert(
            fc.property(cidrArb(16, 24), fc.integer({ min: 2, max: 3 }), (vpc, azCount) => {
                const plan = planSubnets(vpc, azCount);
                assert.strictEqual(plan.privateSubnets.length, azCount);
                assert.strictEqual(plan.publicSubnets.length, azCount);
                const all = [...plan.privateSubnets, ...plan.publicSubnets].map(parsed);
                all.forEach((c, i) => {
                    assert.ok(contains(vpc, c), `${formatCidr(c)} inside ${formatCidr(vpc)}`);
                    assert.ok(c.prefix >= 16 && c.prefix <= 28, `${formatCidr(c)} is a size AWS accepts`);
                    for (const o of all.slice(i + 1)) assert.ok(!overlaps(c, o), `${formatCidr(c)} and ${formatCidr(o)} overlap`);
                });
                const problems: Problem[] = [];
                checkSubnets(
                    vpc,
                    azCount,
                    [
                        { key: "platform:network.publicSubnetCidrs", cidrs: plan.publicSubnets },
                        { key: "platform:network.privateSubnetCidrs", cidrs: plan.privateSubnets },
                    ],
                    problems,
                );
                assert.deepStrictEqual(problems, []);
            }),
            RUNS,
        );
    });

    it("checkSubnets refuses a subnet that overlaps another, naming both keys", () => {
        fc.assert(
            fc.property(cidrArb(16, 24), fc.integer({ min: 2, max: 3 }), fc.nat(), (vpc, azCount, pick) => {
                const plan = planSubnets(vpc, azCount);
                const clash = plan.privateSubnets[pick % azCount];
                const publicSubnets = [...plan.publicSubnets.slice(0, azCount - 1), clash];
                const problems: Problem[] = [];
                checkSubnets(
                    vpc,
                    azCount,
                    [
                        { key: "platform:network.publicSubnetCidrs", cidrs: publicSubnets },
                        { key: "platform:network.privateSubnetCidrs", cidrs: plan.privateSubnets },
                    ],
                    problems,
                );
                assert.ok(
                    problems.some((p) => p.text.includes(`overlaps platform:network.publicSubnetCidrs[${azCount - 1}]`)),
                    problems.map((p) => p.text).join("\n"),
                );
            }),
            RUNS,
        );
    });
});
