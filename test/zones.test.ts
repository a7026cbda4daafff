import * as assert from "node:assert";
import { UNUSABLE_ZONE_IDS, chooseZones, zoneIdPrefix } from "../stacks/zones";
import { MOCK_ZONES } from "../offline/engine/outputs/network";
import { readStackFile } from "../offline/engine/stackfile";
import { runProgram, stackRegistry } from "../offline/engine/program";
import type { Registry } from "../offline/engine/registry";

const AVAILABLE = { names: MOCK_ZONES.map((z) => z.name), zoneIds: MOCK_ZONES.map((z) => z.zoneId) };
const zoneIdOf = (name: string) => MOCK_ZONES.find((z) => z.name === name)?.zoneId ?? `unknown ${name}`;
const subnetZones = (reg: Registry, kind: "public" | "private") =>
    reg
        .ofType("aws:ec2/subnet:Subnet")
        .filter((s) => s.name.includes(`-${kind}-`))
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((s) => s.inputs.availabilityZone);

describe("zones: chosen by zone ID", () => {
    it("zoneIdPrefix: the prefix of a region's zone IDs", () => {
        const table: [string, string | undefined][] = [
            ["us-east-1", "use1"],
            ["us-west-2", "usw2"],
            ["eu-central-1", "euc1"],
            ["ap-southeast-2", "apse2"],
            ["ap-northeast-1", "apne1"],
            ["ca-central-1", "cac1"],
            ["us-gov-west-1", "usgw1"],
            ["moon-base-1", undefined],
        ];
        assert.deepStrictEqual(
            table.map(([r]) => [r, zoneIdPrefix(r)]),
            table,
        );
    });

    it("chooseZones: the first usable zones in the region's order, skipping what EKS or MSK refuse", () => {
        assert.deepStrictEqual(chooseZones(AVAILABLE, 2), { names: ["us-east-1a", "us-east-1b"], zoneIds: ["use1-az4", "use1-az6"] });
        assert.deepStrictEqual(chooseZones(AVAILABLE, 3), {
            names: ["us-east-1a", "us-east-1b", "us-east-1d"],
            zoneIds: ["use1-az4", "use1-az6", "use1-az1"],
        });
        assert.deepStrictEqual(UNUSABLE_ZONE_IDS["use1-az3"], ["EKS", "MSK"]);
    });

    it("chooseZones: pinned zone IDs map to this account's names; unknown ones and too few zones fail with the fix", () => {
        assert.deepStrictEqual(chooseZones(AVAILABLE, 2, ["use1-az2", "use1-az1"]), {
            names: ["us-east-1e", "us-east-1d"],
            zoneIds: ["use1-az2", "use1-az1"],
        });
        assert.throws(() => chooseZones(AVAILABLE, 2, ["use1-az1", "use1-az9"]), {
            message:
                'platform:network.availabilityZoneIds: ["use1-az9"] is not an available zone of this account and region. Use zone IDs from: use1-az4, use1-az6, use1-az3, use1-az1, use1-az2, use1-az5.',
        });
        assert.throws(() => chooseZones({ names: ["us-east-1a", "us-east-1c"], zoneIds: ["use1-az4", "use1-az3"] }, 2), {
            message: "platform:network.azCount: 2 is more than the 1 usable zones of this account and region (use1-az4). Use at most 1.",
        });
    });

    for (const stack of ["dev", "staging"]) {
        it(`${stack}: no subnet, so no control-plane ENI, node or broker, sits in a zone EKS or MSK refuses`, async () => {
            const reg = await stackRegistry(stack);
            const zones = reg.ofType("aws:ec2/subnet:Subnet").map((s) => zoneIdOf(s.inputs.availabilityZone));
            assert.ok(zones.length >= 4);
            assert.deepStrictEqual(
                zones.filter((id) => UNUSABLE_ZONE_IDS[id]),
                [],
            );
        });
    }

    it("live stacks keep their zones and their subnets' inputs: names, in the order the region lists them", async () => {
        const dev = await stackRegistry("dev");
        assert.deepStrictEqual(subnetZones(dev, "private"), ["us-east-1a", "us-east-1b"]);
        // availabilityZone, never availabilityZoneId: the provider replaces a subnet whose zone argument changes.
        assert.ok(dev.ofType("aws:ec2/subnet:Subnet").every((s) => s.inputs.availabilityZoneId === undefined));
        const staging = await stackRegistry("staging");
        assert.deepStrictEqual(subnetZones(staging, "public"), ["us-east-1a", "us-east-1b", "us-east-1d"]);
    });

    it("platform:network.availabilityZoneIds pins the zones by ID", async () => {
        const file = readStackFile("dev");
        const config = {
            ...file.config,
            "platform:network": JSON.stringify({ cidr: "10.10.0.0/16", availabilityZoneIds: ["use1-az2", "use1-az1"] }),
        };
        const reg = await runProgram({ stack: "dev", config, secretKeys: file.secretKeys });
        assert.deepStrictEqual(subnetZones(reg, "private"), ["us-east-1e", "us-east-1d"]);
    });
});
