import * as assert from "node:assert";
import { CLUSTER_ADMIN_POLICY_ARN, PREVIEW_POLICY_ARN } from "../components/cluster";
import { searchMasterTrustPolicy } from "../components/data";
import { MOCK_ACCOUNT, mockCaller } from "../offline/engine/fakes";
import { PROD_DEPLOYER_CIDR, REQUIRED_SECRET_KEYS, minimalStackConfig } from "../offline/engine/minimal-stack";
import { runProgram } from "../offline/engine/program";
import type { Registry } from "../offline/engine/registry";
import { readStackFile } from "../offline/engine/stackfile";

const DEPLOY = `arn:aws:iam::${MOCK_ACCOUNT}:role/github-deploy`;
const PREVIEW = `arn:aws:iam::${MOCK_ACCOUNT}:role/github-preview`;
const ENTRY = "aws:eks/accessEntry:AccessEntry";
const ASSOCIATION = "aws:eks/accessPolicyAssociation:AccessPolicyAssociation";

/** The committed dev stack, with `extra` keys set, run as `caller`. */
async function runDev(
    extra: Record<string, unknown> = {},
    caller = `arn:aws:sts::${MOCK_ACCOUNT}:assumed-role/mock-deployer/session`,
): Promise<Registry> {
    const file = readStackFile("dev");
    const config = { ...file.config };
    for (const [k, v] of Object.entries(extra)) config[k] = JSON.stringify(v);
    const before = mockCaller.arn;
    mockCaller.arn = caller;
    try {
        return await runProgram({ stack: "dev", config, secretKeys: file.secretKeys });
    } finally {
        mockCaller.arn = before;
    }
}

describe("deployers: CI roles, the OpenSearch master, prod's endpoint", () => {
    it("CI deploy roles are cluster admins before the Kubernetes provider is used; CI preview roles only read", async () => {
        const reg = await runDev({ "platform:access": { ciDeployRoleArns: [DEPLOY], ciPreviewRoleArns: [PREVIEW] } });
        const entries = reg.ofType(ENTRY).map((e) => [e.name, e.inputs.principalArn, e.inputs.type, e.inputs.kubernetesGroups]);
        assert.deepStrictEqual(entries, [
            ["dev-cluster-ci-deploy-github-deploy", DEPLOY, "STANDARD", undefined],
            ["dev-cluster-ci-preview-github-preview", PREVIEW, "STANDARD", undefined],
            // Karpenter's node role joins as nodes do.
            ["dev-karpenter-node", "arn:aws:iam::000000000000:role/mock-dev-karpenter-node", "EC2_LINUX", undefined],
        ]);
        const policies = reg.ofType(ASSOCIATION).map((a) => [a.inputs.principalArn, a.inputs.policyArn, a.inputs.accessScope]);
        assert.deepStrictEqual(policies, [
            [DEPLOY, CLUSTER_ADMIN_POLICY_ARN, { type: "cluster" }],
            [PREVIEW, "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminViewPolicy", { type: "cluster" }],
        ]);
        assert.strictEqual(PREVIEW_POLICY_ARN, "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminViewPolicy");
        // A later `pulumi up` as the deploy role applies Kubernetes objects in the run that grants it access.
        assert.deepStrictEqual(reg.one("pulumi:providers:kubernetes").dependsOn, [`${ASSOCIATION}::dev-cluster-ci-deploy-github-deploy`]);
    });

    it("the OpenSearch master does not follow whoever runs Pulumi: same domain inputs as the deploy role and as a person", async () => {
        const asDeploy = await runDev({}, `arn:aws:sts::${MOCK_ACCOUNT}:assumed-role/github-deploy/GitHubActions`);
        const asPerson = await runDev({}, `arn:aws:sts::${MOCK_ACCOUNT}:assumed-role/AWSReservedSSO_Admin_0123/alice@example.com`);
        const domain = (reg: Registry) => reg.one("aws:opensearch/domain:Domain").inputs;
        assert.deepStrictEqual(domain(asPerson).advancedSecurityOptions, domain(asDeploy).advancedSecurityOptions);
        assert.deepStrictEqual(domain(asPerson).accessPolicies, domain(asDeploy).accessPolicies);
        const master = asDeploy.one("aws:iam/role:Role", "dev-search-master-role");
        assert.strictEqual(domain(asDeploy).advancedSecurityOptions.masterUserOptions.masterUserArn, master.outputs.arn);
        assert.ok(!JSON.stringify(domain(asDeploy)).includes("github-deploy"), "the caller's role is nowhere in the domain");
        // No admin role configured: the account may assume it (through IAM policies of its own).
        assert.strictEqual(
            master.inputs.assumeRolePolicy,
            searchMasterTrustPolicy([], MOCK_ACCOUNT, {
                clusterName: "platform-dev",
                namespace: "observability",
                serviceAccount: "search-security",
            }),
        );
        assert.deepStrictEqual(JSON.parse(master.inputs.assumeRolePolicy).Statement[0].Principal, {
            AWS: [`arn:aws:iam::${MOCK_ACCOUNT}:root`],
        });
    });

    it("admins and CI deploy roles, and only they, may assume the OpenSearch master role when they are configured", async () => {
        const admin = `arn:aws:iam::${MOCK_ACCOUNT}:role/PlatformAdmin`;
        const reg = await runDev({
            "platform:access": { adminRoleArns: [admin], ciDeployRoleArns: [DEPLOY], ciPreviewRoleArns: [PREVIEW] },
        });
        const trust = JSON.parse(reg.one("aws:iam/role:Role", "dev-search-master-role").inputs.assumeRolePolicy);
        assert.deepStrictEqual(trust.Statement[0].Principal, { AWS: [admin, DEPLOY].sort() });
    });

    it("a prod stack builds, with the API endpoint public to the deployers' CIDRs only, and protects the master role", async () => {
        const reg = await runProgram({ stack: "prod", config: minimalStackConfig("prod"), secretKeys: REQUIRED_SECRET_KEYS });
        const cluster = reg.one("eks:index:Cluster").inputs;
        assert.deepStrictEqual(
            [cluster.endpointPrivateAccess, cluster.endpointPublicAccess, cluster.publicAccessCidrs],
            [true, true, [PROD_DEPLOYER_CIDR]],
        );
        assert.strictEqual(reg.one("aws:iam/role:Role", "prod-search-master-role").protect, true);
    });
});
