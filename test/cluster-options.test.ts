import * as assert from "node:assert";
import type * as pulumi from "@pulumi/pulumi";
import { checkAccess, eksClusterOptions, endpointAccess, nodeGroupSettings, principalKeys, roleArnOf } from "../components/cluster";
import { dockerConfigJson } from "../components/tenancy";
import { TIER_DEFAULTS } from "../stacks/tiers";

const ROLE = "arn:aws:iam::111122223333:role/PlatformDeployer";

/** [case, caller ARN from sts get-caller-identity, principal ARN for an access entry] */
const CALLERS: [string, string, string][] = [
    ["assumed role", "arn:aws:sts::111122223333:assumed-role/PlatformDeployer/ci-run-42", ROLE],
    ["assumed role with an e-mail session name", "arn:aws:sts::111122223333:assumed-role/PlatformDeployer/jane@example.com", ROLE],
    [
        "SSO role (path is not in the caller ARN)",
        "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_0123abcd/jane",
        "arn:aws:iam::111122223333:role/AWSReservedSSO_Admin_0123abcd",
    ],
    [
        "GovCloud partition",
        "arn:aws-us-gov:sts::111122223333:assumed-role/PlatformDeployer/s",
        "arn:aws-us-gov:iam::111122223333:role/PlatformDeployer",
    ],
    ["role ARN unchanged", ROLE, ROLE],
    ["IAM user unchanged", "arn:aws:iam::111122223333:user/jane", "arn:aws:iam::111122223333:user/jane"],
    ["federated user unchanged", "arn:aws:sts::111122223333:federated-user/jane", "arn:aws:sts::111122223333:federated-user/jane"],
];

describe("cluster: plain option functions", () => {
    for (const [name, caller, expected] of CALLERS) {
        it(`roleArnOf: ${name}`, () => assert.strictEqual(roleArnOf(caller), expected));
    }

    it("endpointAccess: private always, public only with CIDRs", () => {
        assert.deepStrictEqual(endpointAccess([]), { endpointPrivateAccess: true, endpointPublicAccess: false });
        assert.deepStrictEqual(endpointAccess(["203.0.113.0/24"]), {
            endpointPrivateAccess: true,
            endpointPublicAccess: true,
            publicAccessCidrs: ["203.0.113.0/24"],
        });
    });

    it("eksClusterOptions: protect as given by the tier, the log group first", () => {
        const parent = {} as pulumi.Resource;
        const logGroup = {} as pulumi.Resource;
        for (const tier of ["dev", "staging", "prod"] as const) {
            assert.deepStrictEqual(eksClusterOptions(TIER_DEFAULTS[tier].protect, parent, logGroup), {
                parent,
                protect: tier !== "dev",
                dependsOn: [logGroup],
            });
        }
    });

    it("nodeGroupSettings: capacity, scaling, one node at a time, labels, the system taint", () => {
        assert.deepStrictEqual(nodeGroupSettings({ name: "general", ...TIER_DEFAULTS.dev.cluster.nodeGroup }), {
            capacityType: "SPOT",
            instanceTypes: ["t3.large", "t3a.large"],
            scalingConfig: { minSize: 1, desiredSize: 1, maxSize: 2 },
            updateConfig: { maxUnavailable: 1 },
            labels: { "platform/node-group": "general", "platform/capacity-type": "spot" },
            taints: [{ key: "CriticalAddonsOnly", value: "true", effect: "NO_SCHEDULE" }],
        });
        assert.strictEqual(nodeGroupSettings({ name: "general", ...TIER_DEFAULTS.staging.cluster.nodeGroup }).capacityType, "ON_DEMAND");
    });

    it("principalKeys: role names, with the account when two accounts share a name", () => {
        const keys = principalKeys([
            "arn:aws:iam::111122223333:role/Admin",
            "arn:aws:iam::444455556666:role/Admin",
            "arn:aws:iam::111122223333:role/team/Dev",
        ]);
        assert.deepStrictEqual([...keys.values()], ["Admin-111122223333", "Admin-444455556666", "Dev"]);
    });

    it("checkAccess: one access entry per principal", () => {
        assert.doesNotThrow(() =>
            checkAccess({ adminRoleArns: [ROLE], developerRoleArns: ["arn:aws:iam::111122223333:role/Dev"], developerNamespaces: [] }),
        );
        assert.throws(() => checkAccess({ adminRoleArns: [ROLE, ROLE], developerRoleArns: [ROLE], developerNamespaces: [] }), {
            message:
                `Cluster access: platform:access.adminRoleArns: "${ROLE}" is listed twice. Remove one. ` +
                `platform:access.developerRoleArns: "${ROLE}" is also in platform:access.adminRoleArns; a principal has one access entry. Keep it in one list.`,
        });
    });

    it("dockerConfigJson: secret even when built from a plain token, with a base64 auth", async () => {
        const out = dockerConfigJson("exampleorg", "plain-token") as any;
        assert.strictEqual(await out.isSecret, true);
        const config = JSON.parse(await out.promise());
        assert.deepStrictEqual(config.auths["https://index.docker.io/v1/"], {
            username: "exampleorg",
            password: "plain-token",
            auth: Buffer.from("exampleorg:plain-token").toString("base64"),
        });
    });
});
