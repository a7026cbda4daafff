import * as assert from "node:assert";
import { EKS_STANDARD_SUPPORT, HOP_LIMIT_REASON_TAG, LOG_TYPES, makeClusterRules } from "../policy/rules/cluster";
import { runRules } from "../policy/run";
import type { PolicyResource, Tier } from "../policy/types";
import { runCluster, runTenancy } from "./cluster-fixtures";
import { checkPolicies, res } from "../offline/engine/policy";

const TODAY = new Date("2026-11-23T12:00:00Z");
const RULES = makeClusterRules(() => TODAY);

/** Messages of the rule `name` (names are unique; E4 has two rules), as "<resource name>: <message>". */
function messages(name: string, resources: PolicyResource[], tier: Tier = "prod"): string[] {
    const rule = RULES.find((r) => r.name === name);
    if (!rule) throw new Error(`no rule ${name}`);
    const [result] = runRules(resources, { rules: [rule], tier });
    return result.violations.map((v) => `${v.urn?.split("::")[1] ?? "(stack)"}: ${v.message}`);
}

const KEY = "arn:aws:kms:us-east-1:000000000000:key/k1";
const eks = (props: Record<string, any> = {}) =>
    res("eks:index:Cluster", "c", {
        name: "platform-prod",
        version: "1.35",
        endpointPrivateAccess: true,
        endpointPublicAccess: false,
        authenticationMode: "API",
        encryptionConfigKeyArn: KEY,
        enabledClusterLogTypes: LOG_TYPES,
        ...props,
    });
const logGroup = (retentionInDays: number | undefined = 90) =>
    res("aws:cloudwatch/logGroup:LogGroup", "logs", { name: "/aws/eks/platform-prod/cluster", retentionInDays });
const nodeGroup = (props: Record<string, any> = {}) =>
    res("aws:eks/nodeGroup:NodeGroup", "ng", {
        subnetIds: ["subnet-a", "subnet-b"],
        scalingConfig: { minSize: 2, desiredSize: 3, maxSize: 6 },
        launchTemplate: { id: "lt-1", version: "1" },
        ...props,
    });
const template = (metadataOptions: Record<string, any>, tags?: Record<string, string>) =>
    res("aws:ec2/launchTemplate:LaunchTemplate", "lt", { metadataOptions, tags });
const rbac = (kind: string, name: string, props: Record<string, any>) =>
    res(`kubernetes:rbac.authorization.k8s.io/v1:${kind}`, name, props);
const devEntry = res("aws:eks/accessEntry:AccessEntry", "dev-entry", {
    principalArn: "arn:aws:iam::000000000000:role/Developer",
    kubernetesGroups: ["platform-developers"],
});
const role = (rules: any[]) => rbac("Role", "role", { metadata: { name: "k8s-developer-role", namespace: "dev" }, rules });
const binding = (roleRef: Record<string, string>) =>
    rbac("RoleBinding", "binding", {
        metadata: { name: "k8s-developer-rolebinding", namespace: "dev" },
        subjects: [{ kind: "Group", name: "platform-developers" }],
        roleRef,
    });
const READ_PODS = { apiGroups: [""], resources: ["pods", "pods/log"], verbs: ["get", "list", "watch"] };

describe("cluster policy rules (policy/rules/cluster.ts)", () => {
    it("E1: private endpoint on, public never open to the world in prod", () => {
        assert.deepStrictEqual(messages("e1-private-endpoint", [eks()]), []);
        assert.deepStrictEqual(
            messages("e1-private-endpoint", [eks({ endpointPublicAccess: true, publicAccessCidrs: ["0.0.0.0/0"] })], "staging"),
            [],
        );
        assert.deepStrictEqual(messages("e1-private-endpoint", [eks({ endpointPrivateAccess: false, endpointPublicAccess: undefined })]), [
            "c: private endpoint access is off; set endpointPrivateAccess: true.",
            "c: public endpoint is open to 0.0.0.0/0 in prod; set cluster.publicAccessCidrs to the office/VPN ranges or [] (private only).",
        ]);
        assert.deepStrictEqual(
            messages("e1-private-endpoint", [eks({ endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24"] })]),
            [],
        );
    });

    it("E2: secrets encrypted with a customer-managed key that rotates", () => {
        assert.deepStrictEqual(
            messages("e2-secrets-encryption", [eks(), res("aws:kms/key:Key", "key", { enableKeyRotation: true }, { id: "k1" })]),
            [],
        );
        assert.deepStrictEqual(messages("e2-secrets-encryption", [eks({ encryptionConfigKeyArn: undefined })]), [
            "c: has no secrets encryption; set encryptionConfigKeyArn to a customer-managed KMS key.",
        ]);
        assert.deepStrictEqual(
            messages("e2-secrets-encryption", [eks({ encryptionConfigKeyArn: "arn:aws:kms:us-east-1:000000000000:alias/aws/eks" })]),
            ["c: encrypts with the AWS-managed arn:aws:kms:us-east-1:000000000000:alias/aws/eks; use a customer-managed key."],
        );
        assert.deepStrictEqual(
            messages("e2-secrets-encryption", [eks(), res("aws:kms/key:Key", "key", { enableKeyRotation: false }, { id: "k1" })]),
            ["key: encrypts the cluster's secrets without rotation; set enableKeyRotation: true."],
        );
    });

    it("E3: every control-plane log type into a log group with retention", () => {
        assert.deepStrictEqual(messages("e3-control-plane-logs", [eks(), logGroup()]), []);
        assert.deepStrictEqual(messages("e3-control-plane-logs", [eks({ enabledClusterLogTypes: ["api", "audit"] }), logGroup(0)]), [
            "c: control-plane log types authenticator, controllerManager, scheduler are off; enable all of api, audit, authenticator, controllerManager, scheduler.",
            "c: no log group /aws/eks/platform-prod/cluster with retention is declared; EKS would create one that keeps logs forever.",
        ]);
    });

    it("E4: version pinned and in standard support on the given date", () => {
        assert.strictEqual(EKS_STANDARD_SUPPORT["1.35"].endOfStandardSupport, "2027-03-27");
        assert.deepStrictEqual(messages("e4-kubernetes-version-supported", [eks()]), []);
        assert.deepStrictEqual(messages("e4-kubernetes-version-supported", [eks({ version: "1.33" })]), [
            "c: version 1.33 left standard support on 2026-07-29; extended support costs 6x. Upgrade one minor version at a time (docs/cluster.md).",
        ]);
        assert.deepStrictEqual(messages("e4-kubernetes-version-supported", [eks({ version: "1.36" })]), [
            "c: version 1.36 is not in the policy pack's EKS calendar (policy/rules/cluster.ts); add its dates from the EKS release calendar.",
        ]);
        assert.deepStrictEqual(messages("e4-kubernetes-version-supported", [eks({ version: undefined })]), [
            'c: version is not pinned; pin it, e.g. "1.35".',
        ]);
        assert.deepStrictEqual(messages("e4-kubernetes-version-supported", [eks({ version: "1.35.2" })]), [
            'c: version "1.35.2" is not a minor version; pin it, e.g. "1.35".',
        ]);
    });

    it("E4 (advisory): warns when standard support ends within 60 days", () => {
        assert.deepStrictEqual(messages("e4-kubernetes-version-support-ending", [eks({ version: "1.34" })]), [
            "c: version 1.34 leaves standard support in 9 days (2026-12-02); plan the upgrade.",
        ]);
        assert.deepStrictEqual(messages("e4-kubernetes-version-support-ending", [eks()]), []);
    });

    it("E5: node groups in 2+ AZs, sane scaling, 2+ nodes outside dev", () => {
        assert.deepStrictEqual(messages("e5-node-groups-ha", [nodeGroup()]), []);
        assert.deepStrictEqual(
            messages(
                "e5-node-groups-ha",
                [nodeGroup({ subnetIds: ["subnet-a"], scalingConfig: { minSize: 1, desiredSize: 3, maxSize: 2 } })],
                "staging",
            ),
            [
                "ng: spans 1 AZ(s); give it a private subnet in at least 2 AZs.",
                "ng: scaling 1/3/2 breaks min <= desired <= max.",
                "ng: minSize 1 in staging; at least 2 nodes keep the group serving through a node loss.",
            ],
        );
        assert.deepStrictEqual(
            messages("e5-node-groups-ha", [nodeGroup({ scalingConfig: { minSize: 1, desiredSize: 1, maxSize: 2 } })], "dev"),
            [],
        );
        const sameAz = [
            res("aws:ec2/subnet:Subnet", "a", { availabilityZone: "us-east-1a" }, { id: "subnet-a" }),
            res("aws:ec2/subnet:Subnet", "b", { availabilityZone: "us-east-1a" }, { id: "subnet-b" }),
        ];
        assert.deepStrictEqual(messages("e5-node-groups-ha", [nodeGroup(), ...sameAz]), [
            "ng: spans 1 AZ(s); give it a private subnet in at least 2 AZs.",
        ]);
    });

    it("E6: IMDSv2 required, hop limit 1 unless the reason is tagged", () => {
        assert.deepStrictEqual(messages("e6-imdsv2", [nodeGroup(), template({ httpTokens: "required", httpPutResponseHopLimit: 1 })]), []);
        assert.deepStrictEqual(
            messages("e6-imdsv2", [
                nodeGroup({ launchTemplate: undefined }),
                template({ httpTokens: "optional", httpPutResponseHopLimit: 2 }),
            ]),
            [
                "ng: has no launch template: EKS's default allows IMDSv1 with hop limit 2. Give it one with httpTokens required.",
                "lt: does not require IMDSv2; set metadataOptions.httpTokens: required.",
                `lt: hop limit 2 lets pods reach the node role; use 1, or tag ${HOP_LIMIT_REASON_TAG} with the reason.`,
            ],
        );
        assert.deepStrictEqual(
            messages("e6-imdsv2", [
                template({ httpTokens: "required", httpPutResponseHopLimit: 2 }, { [HOP_LIMIT_REASON_TAG]: "legacy agent reads IMDS" }),
            ]),
            [],
        );
    });

    it("E7: access entries in API mode, developers only through clean namespaced Roles", () => {
        assert.deepStrictEqual(
            messages("e7-access-entries-namespaced-developers", [
                eks(),
                devEntry,
                role([READ_PODS]),
                binding({ kind: "Role", name: "k8s-developer-role" }),
            ]),
            [],
        );
        assert.deepStrictEqual(
            messages("e7-access-entries-namespaced-developers", [
                eks({ authenticationMode: "CONFIG_MAP", roleMappings: [{ roleArn: "x", groups: ["system:masters"] }] }),
                res("kubernetes:core/v1:ConfigMap", "aws-auth", { metadata: { name: "aws-auth", namespace: "kube-system" } }),
                devEntry,
                res("aws:eks/accessPolicyAssociation:AccessPolicyAssociation", "dev-admin", {
                    principalArn: "arn:aws:iam::000000000000:role/Developer",
                    policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy",
                }),
                rbac("ClusterRoleBinding", "crb", {
                    subjects: [{ kind: "Group", name: "platform-developers" }],
                    roleRef: { kind: "ClusterRole", name: "view" },
                }),
                role([{ apiGroups: ["*"], resources: ["secrets", "pods/exec"], verbs: ["get", "create"] }]),
                binding({ kind: "Role", name: "k8s-developer-role" }),
            ]),
            [
                "c: authenticationMode is CONFIG_MAP; use API from creation (pulumi/pulumi-eks#1291) and access entries, not aws-auth.",
                "c: declares roleMappings/userMappings (aws-auth); use access entries.",
                "aws-auth: manages the aws-auth ConfigMap; use EKS access entries instead.",
                "dev-admin: gives arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy to arn:aws:iam::000000000000:role/Developer, which maps to a developer group; developers get namespaced Roles only.",
                "crb: binds access-entry group platform-developers cluster-wide; use a RoleBinding per namespace.",
                "role: is bound to developer group platform-developers and grants a wildcard, secrets, pods/exec.",
            ],
        );
        assert.deepStrictEqual(
            messages("e7-access-entries-namespaced-developers", [eks(), devEntry, binding({ kind: "ClusterRole", name: "edit" })]),
            ["binding: binds platform-developers to the built-in ClusterRole edit, which reads secrets and execs into pods."],
        );
    });

    it("reads a plain aws.eks.Cluster too, but not the child of the pulumi-eks component twice", () => {
        const plain = res("aws:eks/cluster:Cluster", "plain", {
            name: "x",
            version: "1.33",
            vpcConfig: { endpointPrivateAccess: true, endpointPublicAccess: false },
        });
        assert.deepStrictEqual(messages("e4-kubernetes-version-supported", [plain]), [
            "plain: version 1.33 left standard support on 2026-07-29; extended support costs 6x. Upgrade one minor version at a time (docs/cluster.md).",
        ]);
        const child = { ...plain, parent: "urn:pulumi:dev::platform::platform:cluster:Cluster$eks:index:Cluster::c" };
        assert.deepStrictEqual(messages("e4-kubernetes-version-supported", [eks(), child]), []);
    });

    for (const tier of ["dev", "staging", "prod"] as Tier[]) {
        it(`passes every cluster rule for the Cluster component in ${tier}`, async () => {
            const results = checkPolicies(await runCluster(tier), { tier, rules: RULES });
            assert.deepStrictEqual(
                results.flatMap((r) => r.violations.map((v) => `${r.rule.name}: ${v.message}`)),
                [],
            );
        });
    }

    it("passes E7 with the tenancy layer's developer RBAC", async () => {
        const results = checkPolicies(await runTenancy(), { tier: "dev", rules: RULES.filter((r) => r.id === "E7") });
        assert.deepStrictEqual(
            results.flatMap((r) => r.violations),
            [],
        );
    });
});
