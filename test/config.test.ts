import * as assert from "node:assert";
import type { ConfigError } from "../stacks";
import { BAD, BASE, type Case, load, problemsOf } from "./config-cases";

describe("stack config (stacks/load.ts)", () => {
    it("loads the minimal valid config", () => {
        const config = load();
        assert.strictEqual(config.environment, "dev");
        assert.strictEqual(config.region, "us-east-1");
        assert.strictEqual(config.domain, "dev.example.com");
        assert.strictEqual(config.gitops.repoUrl, "ssh://git@github.com/acme/platform-config.git");
        assert.strictEqual(config.dockerHub.username, "acme");
    });

    it("hands secrets over as secret Outputs with their values", async () => {
        const { secrets } = load({ set: { "platform:hydraSystemSecret": "0123456789abcdef0123" } });
        for (const [key, expected] of [
            ["dockerHubToken", BASE["platform:dockerHubToken"]],
            ["mongoUrl", BASE["platform:mongoUrl"]],
            ["hydraSystemSecret", "0123456789abcdef0123"],
        ] as const) {
            const out = secrets[key] as any;
            assert.strictEqual(await out.isSecret, true, `${key} is not secret`);
            assert.strictEqual(await out.promise(), expected);
        }
        assert.strictEqual(secrets.hydraCookieSecret, undefined, "an unset optional secret means: generate it");
    });

    describe("rejects bad input with the exact message", () => {
        it(`has at least 24 rows (${BAD.length})`, () => assert.ok(BAD.length >= 24));
        for (const [what, input, expected] of BAD) {
            it(what, () => assert.deepStrictEqual(problemsOf(input), expected));
        }
    });

    it("never echoes a secret's value in a message", () => {
        const value = "c00kie-s3cret";
        const err = (() => {
            try {
                load({ set: { "platform:hydraCookieSecret": value, "platform:mongoUrl": "not-a-url-with-password-hunter2" } });
            } catch (e) {
                return e as ConfigError;
            }
            return assert.fail("expected a ConfigError");
        })();
        assert.strictEqual(err.problems.length, 2);
        for (const text of [...err.problems, err.message]) {
            assert.ok(!text.includes(value), `message leaks the Hydra secret: ${text}`);
            assert.ok(!text.includes("hunter2"), `message leaks the Mongo URL: ${text}`);
        }
    });

    it("reports every problem at once, in one ConfigError", () => {
        const input: Case = { set: { "platform:domain": "Dev.Example.com", "platform:network": { cidr: "10.10.0.0/33" } } };
        assert.deepStrictEqual(problemsOf(input), [
            'platform:domain: "Dev.Example.com" must be lower case (Route53 and ACM names are compared in lower case). Use dev.example.com.',
            'platform:network.cidr: "10.10.0.0/33" is not a valid IPv4 CIDR. Use a block such as 10.20.0.0/16 (VPC size must be /16 to /28).',
        ]);
        assert.throws(
            () => load(input),
            (err: Error) => err.message.startsWith("Stack config has 2 problems:\n  - platform:domain: "),
        );
    });

    describe("tier defaults", () => {
        it("dev: 2 AZs, one NAT, not protected", () => {
            const c = load();
            assert.deepStrictEqual(
                [c.network.azCount, c.network.natGateways, c.protect, c.network.cidr],
                [2, "single", false, "10.10.0.0/16"],
            );
        });

        it("staging: 3 AZs, a NAT per AZ, protected", () => {
            const c = load({ stack: "staging", set: { "platform:environment": "staging", "platform:domain": "staging.example.com" } });
            assert.deepStrictEqual(
                [c.network.azCount, c.network.natGateways, c.protect, c.network.cidr],
                [3, "perAz", true, "10.20.0.0/16"],
            );
            assert.strictEqual(c.kafka.brokerCount, 3);
            assert.deepStrictEqual([c.search.zoneCount, c.search.instanceCount], [3, 3]);
        });

        it("a stack's own value wins over the tier default", () => {
            const c = load({
                stack: "staging",
                set: {
                    "platform:environment": "staging",
                    "platform:protect": "false",
                    "platform:network": { azCount: 2, natGateways: "single", flowLogRetentionDays: 3 },
                },
            });
            assert.deepStrictEqual(
                [c.network.azCount, c.network.natGateways, c.protect, c.network.flowLogRetentionDays],
                [2, "single", false, 3],
            );
            assert.strictEqual(c.network.privateSubnetCidrs.length, 2, "the subnet plan follows the overridden AZ count");
            // Defaults that depend on the AZ count follow it instead of failing on values the stack never set.
            assert.strictEqual(c.kafka.brokerCount, 2);
            assert.deepStrictEqual([c.search.zoneCount, c.search.instanceCount], [2, 4]);
        });

        it("raising only the OpenSearch zone count raises the default node count with it", () => {
            const c = load({ set: { "platform:search": { zoneCount: 2 } } });
            assert.deepStrictEqual([c.search.zoneCount, c.search.instanceCount], [2, 2]);
        });
    });

    it("plans subnets for a /16: a private quarter per AZ, the last quarter split for public /20s", () => {
        assert.deepStrictEqual(load().network, {
            cidr: "10.10.0.0/16",
            azCount: 2,
            availabilityZones: undefined,
            availabilityZoneIds: undefined,
            natGateways: "single",
            publicSubnetCidrs: ["10.10.192.0/20", "10.10.208.0/20"],
            privateSubnetCidrs: ["10.10.0.0/18", "10.10.64.0/18"],
            flowLogRetentionDays: 7,
        });
        const staging = load({ set: { "platform:environment": "staging", "platform:network": { cidr: "172.16.0.0/16" } } }).network;
        assert.deepStrictEqual(staging.privateSubnetCidrs, ["172.16.0.0/18", "172.16.64.0/18", "172.16.128.0/18"]);
        assert.deepStrictEqual(staging.publicSubnetCidrs, ["172.16.192.0/20", "172.16.208.0/20", "172.16.224.0/20"]);
    });

    it("loads a new stack (qa) that sets only the required keys, with dev defaults", () => {
        const c = load({ stack: "qa" });
        assert.strictEqual(c.stack, "qa");
        assert.strictEqual(c.appNamespace, "qa");
        assert.strictEqual(c.gitops.path, "clusters/qa");
        assert.deepStrictEqual(c.tags, { project: "platform", stack: "qa", environment: "dev", "managed-by": "pulumi" });
        assert.deepStrictEqual([c.network.azCount, c.network.natGateways, c.protect, c.replicas], [2, "single", false, 1]);
        assert.deepStrictEqual(c.cluster.nodeGroups, [
            {
                name: "general",
                instanceTypes: ["t3.large", "t3a.large"],
                capacityType: "SPOT",
                minSize: 1,
                desiredSize: 1,
                maxSize: 2,
                diskSizeGb: 30,
            },
        ]);
        assert.deepStrictEqual(c.karpenter, {
            capacityTypes: ["spot", "on-demand"],
            architectures: ["amd64"],
            instanceCategories: ["c", "m", "r", "t"],
            instanceFamilies: [],
            cpuLimit: 16,
            memoryLimitGi: 64,
            consolidationPolicy: "WhenEmptyOrUnderutilized",
            consolidateAfter: "1m",
            sleepOutOfHours: true,
            officeHours: { days: "MON-FRI", start: "08:00", end: "18:00", timezone: "UTC" },
        });
        assert.strictEqual(c.vpn.clientCidr, "10.250.0.0/22");
        assert.deepStrictEqual(
            [c.vpn.alwaysOn, c.vpn.officeHours],
            [false, { days: "MON-FRI", start: "08:00", end: "18:00", timezone: "UTC" }],
        );
        assert.strictEqual(c.apps.hydra.loginUrl, "https://login.dev.example.com/login");
    });
});
